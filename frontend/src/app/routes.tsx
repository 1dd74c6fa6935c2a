import type { RouteObject } from 'react-router-dom';

import { ErrorFallback } from '@/components/ErrorBoundary';
import { ForbiddenPage } from '@/components/ForbiddenPage';
import { Layout } from '@/components/Layout';
import { NotFoundPage } from '@/components/NotFoundPage';
import { PageSkeleton } from '@/components/Skeleton';

// Feature screens are loaded on first visit, each in its own chunk; the shared status pages are
// tiny and stay in the main bundle.
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <ErrorFallback />,
    children: [
      {
        // Errors inside a page, and the first load of a page's code, keep the header on screen.
        errorElement: <ErrorFallback />,
        hydrateFallbackElement: <PageSkeleton />,
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('@/features/catalog/components/HomePage')).HomePage,
            }),
          },
          { path: 'forbidden', element: <ForbiddenPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

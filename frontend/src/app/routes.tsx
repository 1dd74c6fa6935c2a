import type { RouteObject } from 'react-router-dom';

import { Layout } from '@/app/Layout';
import { ErrorFallback } from '@/components/ErrorBoundary';
import { ForbiddenPage } from '@/components/ForbiddenPage';
import { NotFoundPage } from '@/components/NotFoundPage';
import { PageSkeleton } from '@/components/Skeleton';
import { RequireAuth } from '@/features/auth/components/RequireAuth';

// Feature screens are loaded on first visit, each in its own chunk; the shared status pages, the
// layout and the sign-in guard are small and stay in the main bundle.
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
          { index: true, lazy: async () => ({ Component: (await import('@/features/catalog/components/HomePage')).HomePage }) },
          { path: 'catalog', lazy: async () => ({ Component: (await import('@/features/catalog/components/CatalogPage')).CatalogPage }) },
          { path: 'products/:key', lazy: async () => ({ Component: (await import('@/features/catalog/components/ProductPage')).ProductPage }) },
          { path: 'login', lazy: async () => ({ Component: (await import('@/features/auth/components/LoginPage')).LoginPage }) },
          { path: 'register', lazy: async () => ({ Component: (await import('@/features/auth/components/RegisterPage')).RegisterPage }) },
          {
            path: 'forgot-password',
            lazy: async () => ({ Component: (await import('@/features/auth/components/ForgotPasswordPage')).ForgotPasswordPage }),
          },
          ...(['privacy', 'terms', 'disclaimer'] as const).map((document) => ({
            path: `legal/${document}`,
            lazy: async () => {
              const { LegalPage } = await import('@/features/legal/components/LegalPage');
              return { Component: () => <LegalPage document={document} /> };
            },
          })),
          {
            element: <RequireAuth />,
            children: [
              { path: 'cart', lazy: async () => ({ Component: (await import('@/features/cart/components/CartPage')).CartPage }) },
              { path: 'checkout', lazy: async () => ({ Component: (await import('@/features/checkout/components/CheckoutPage')).CheckoutPage }) },
              { path: 'orders', lazy: async () => ({ Component: (await import('@/features/orders/components/OrdersPage')).OrdersPage }) },
              { path: 'orders/:number', lazy: async () => ({ Component: (await import('@/features/orders/components/OrderPage')).OrderPage }) },
              {
                path: 'prescriptions',
                lazy: async () => ({ Component: (await import('@/features/prescriptions/components/PrescriptionsPage')).PrescriptionsPage }),
              },
              {
                path: 'prescriptions/new',
                lazy: async () => ({
                  Component: (await import('@/features/prescriptions/components/PrescriptionUploadPage')).PrescriptionUploadPage,
                }),
              },
              {
                path: 'notifications',
                lazy: async () => ({ Component: (await import('@/features/notifications/components/NotificationsPage')).NotificationsPage }),
              },
              {
                path: 'account',
                lazy: async () => ({ Component: (await import('@/features/account/components/AccountLayout')).AccountLayout }),
                children: [
                  { index: true, lazy: async () => ({ Component: (await import('@/features/account/components/ProfilePage')).ProfilePage }) },
                  {
                    path: 'addresses',
                    lazy: async () => ({ Component: (await import('@/features/account/components/AddressesPage')).AddressesPage }),
                  },
                  {
                    path: 'notifications',
                    lazy: async () => ({
                      Component: (await import('@/features/notifications/components/NotificationSettingsPage')).NotificationSettingsPage,
                    }),
                  },
                  { path: 'privacy', lazy: async () => ({ Component: (await import('@/features/account/components/PrivacyPage')).PrivacyPage }) },
                ],
              },
              {
                // Admins only (others see the 403 page); recharts loads with this chunk, not before.
                path: 'dashboard',
                lazy: async () => ({ Component: (await import('@/features/auth/components/RequireRole')).RequireAdmin }),
                children: [
                  {
                    index: true,
                    lazy: async () => ({ Component: (await import('@/features/dashboard/components/AdminDashboardPage')).AdminDashboardPage }),
                  },
                ],
              },
            ],
          },
          { path: 'forbidden', element: <ForbiddenPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
  {
    // The pharmacy operator's screens (operators and admins), with their own header; other roles see the 403 page.
    path: 'operator',
    errorElement: <ErrorFallback />,
    hydrateFallbackElement: <PageSkeleton />,
    element: <RequireAuth />,
    children: [
      {
        lazy: async () => ({ Component: (await import('@/features/auth/components/RequireRole')).RequireOperator }),
        children: [
          {
            lazy: async () => ({ Component: (await import('@/features/operator/components/OperatorLayout')).OperatorLayout }),
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/operator/components/QueuePage')).QueuePage }) },
              {
                path: 'orders/:number',
                lazy: async () => ({ Component: (await import('@/features/operator/components/OrderLinesPage')).OrderLinesPage }),
              },
              {
                path: 'orders/:number/review',
                lazy: async () => ({
                  Component: (await import('@/features/operator/components/PrescriptionReviewPage')).PrescriptionReviewPage,
                }),
              },
              { path: 'stock', lazy: async () => ({ Component: (await import('@/features/operator/components/StockPage')).StockPage }) },
            ],
          },
        ],
      },
    ],
  },
  {
    // The courier's phone-sized screens, without the shop's header; other roles see the 403 page.
    path: 'courier',
    errorElement: <ErrorFallback />,
    hydrateFallbackElement: <PageSkeleton />,
    element: <RequireAuth />,
    children: [
      {
        lazy: async () => ({ Component: (await import('@/features/auth/components/RequireRole')).RequireCourier }),
        children: [
          {
            lazy: async () => ({ Component: (await import('@/features/courier/components/CourierLayout')).CourierLayout }),
            children: [
              { index: true, lazy: async () => ({ Component: (await import('@/features/courier/components/CourierHomePage')).CourierHomePage }) },
              {
                path: 'history',
                lazy: async () => ({ Component: (await import('@/features/courier/components/CourierHistoryPage')).CourierHistoryPage }),
              },
              {
                path: 'deliveries/:id',
                lazy: async () => ({ Component: (await import('@/features/courier/components/CourierDeliveryPage')).CourierDeliveryPage }),
              },
            ],
          },
        ],
      },
    ],
  },
];

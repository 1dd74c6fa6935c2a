import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router-dom';

import { AppProviders } from '@/app/providers';
import { createQueryClient } from '@/app/queryClient';
import { routes } from '@/app/routes';

function renderRouter(routeObjects: RouteObject[], path: string) {
  const queryClient = createQueryClient();
  // Retries would only slow down tests of failures; the retry policy is not what they test.
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });

  const router = createMemoryRouter(routeObjects, { initialEntries: [path] });
  const user = userEvent.setup();
  const result = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, user, queryClient };
}

/** Renders the whole app, as the browser would, at `path`. */
export function renderApp(path = '/') {
  return renderRouter(routes, path);
}

/** Renders one element with the app's providers and a router around it. */
export function renderWithProviders(ui: ReactElement, { path = '/' } = {}) {
  return renderRouter([{ path: '*', element: ui }], path);
}

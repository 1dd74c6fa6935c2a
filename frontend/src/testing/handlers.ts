import { http, HttpResponse } from 'msw';

import type { ApiErrorBody, Paginated } from '@/lib/api';
import { userFixture } from '@/testing/fixtures';

export function paginated<T>(results: T[], count = results.length): Paginated<T> {
  return { count, next: null, previous: null, results };
}

export function apiError(code: string, message: string, details: Record<string, unknown> = {}): ApiErrorBody {
  return { error: { code, message, details } };
}

/** `users/me/` answered for a user of the given role. */
export function meAs(role: string, overrides: Record<string, unknown> = {}) {
  return http.get('/api/v1/users/me/', () => HttpResponse.json(userFixture({ role, ...overrides })));
}

/** The baseline API every test starts from; tests override single endpoints with `server.use`. */
export const handlers = [
  http.get('/api/v1/products/', () => HttpResponse.json(paginated([]))),
  http.get('/api/v1/products/categories/', () => HttpResponse.json([])),
  http.get('/api/v1/products/manufacturers/', () => HttpResponse.json(paginated([]))),
  // What the header of a signed-in customer asks for on every page.
  http.get('/api/v1/notifications/unread-count/', () => HttpResponse.json({ unread: 0 })),
  http.get('/api/v1/orders/cart/', () =>
    HttpResponse.json({
      items: [],
      items_total: '0.00',
      requires_prescription: false,
      can_checkout: false,
      prescription_policy: 'upload_review',
      max_quantity_per_product: 10,
    }),
  ),
  http.get('/api/v1/users/me/addresses/', () => HttpResponse.json(paginated([]))),
  meAs('customer'),
];

import { http, HttpResponse } from 'msw';

import type { ApiErrorBody, Paginated } from '@/lib/api';

export function paginated<T>(results: T[], count = results.length): Paginated<T> {
  return { count, next: null, previous: null, results };
}

export function apiError(code: string, message: string): ApiErrorBody {
  return { error: { code, message, details: {} } };
}

/** The baseline API every test starts from; tests override single endpoints with `server.use`. */
export const handlers = [http.get('/api/v1/products/', () => HttpResponse.json(paginated([])))];

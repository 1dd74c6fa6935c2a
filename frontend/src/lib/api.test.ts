import { AxiosError } from 'axios';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { api, apiErrorMessage } from '@/lib/api';
import { useAuthStore } from '@/lib/auth';
import i18n from '@/lib/i18n';
import { apiError } from '@/testing/handlers';
import { server } from '@/testing/server';

const refreshUrl = '/api/v1/users/token/refresh/';

/** An endpoint that accepts only the refreshed access token; records the token of every call. */
function protectedOrders({ slowMs = 0 } = {}) {
  const tokensSeen: (string | null)[] = [];
  server.use(
    http.get('/api/v1/orders/', async ({ request }) => {
      const authorization = request.headers.get('Authorization');
      tokensSeen.push(authorization);
      if (new URL(request.url).searchParams.has('slow')) await delay(slowMs);
      return authorization === 'Bearer access-2'
        ? HttpResponse.json({ orders: [] })
        : HttpResponse.json(apiError('token_not_valid', 'Token is expired'), { status: 401 });
    }),
  );
  return tokensSeen;
}

/** The refresh endpoint, answering with `respond`; records every body it receives. */
function refreshEndpoint(
  respond: () => Response = () => HttpResponse.json({ access: 'access-2', refresh: 'refresh-2' }),
) {
  const bodies: unknown[] = [];
  server.use(
    http.post(refreshUrl, async ({ request }) => {
      bodies.push(await request.json());
      await delay(20);
      return respond();
    }),
  );
  return bodies;
}

function signIn() {
  useAuthStore.getState().setTokens({ access: 'access-1', refresh: 'refresh-1' });
}

describe('api client authentication', () => {
  it('sends the in-memory access token', async () => {
    signIn();
    useAuthStore.getState().setTokens({ access: 'access-2' });
    const tokensSeen = protectedOrders();

    await api.get('/orders/');

    expect(tokensSeen).toEqual(['Bearer access-2']);
  });

  it('refreshes once for concurrent 401s and retries each request with the new token', async () => {
    signIn();
    const tokensSeen = protectedOrders();
    const refreshBodies = refreshEndpoint();

    const responses = await Promise.all([api.get('/orders/'), api.get('/orders/'), api.get('/orders/')]);

    expect(responses.map((response) => response.data)).toEqual([{ orders: [] }, { orders: [] }, { orders: [] }]);
    expect(refreshBodies).toEqual([{ refresh: 'refresh-1' }]);
    expect(tokensSeen.filter((token) => token === 'Bearer access-1')).toHaveLength(3);
    expect(tokensSeen.filter((token) => token === 'Bearer access-2')).toHaveLength(3);
    expect(useAuthStore.getState()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(localStorage.getItem('dorixona.refresh')).toBe('refresh-2');
    expect(JSON.stringify(localStorage)).not.toContain('access-');
  });

  it('does not refresh again for a 401 that arrives after the token was already refreshed', async () => {
    signIn();
    protectedOrders({ slowMs: 150 });
    const refreshBodies = refreshEndpoint();

    const responses = await Promise.all([api.get('/orders/'), api.get('/orders/', { params: { slow: 1 } })]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(refreshBodies).toHaveLength(1);
  });

  it('logs out when the refresh token is rejected, failing every waiting request once', async () => {
    signIn();
    protectedOrders();
    const refreshBodies = refreshEndpoint(() =>
      HttpResponse.json(apiError('token_not_valid', 'Token is blacklisted'), { status: 401 }),
    );

    const results = await Promise.allSettled([api.get('/orders/'), api.get('/orders/')]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    for (const result of results) {
      expect(result.status === 'rejected' && apiErrorMessage(result.reason)).toBe('Token is expired');
    }
    expect(refreshBodies).toHaveLength(1);
    expect(useAuthStore.getState()).toMatchObject({ accessToken: null, refreshToken: null });
    expect(localStorage.getItem('dorixona.refresh')).toBeNull();
  });

  it('keeps the session when the refresh fails for a reason other than the token', async () => {
    signIn();
    protectedOrders();
    refreshEndpoint(() => HttpResponse.json(apiError('unavailable', 'Down'), { status: 503 }));

    await expect(api.get('/orders/')).rejects.toMatchObject({ response: { status: 401 } });

    expect(useAuthStore.getState().refreshToken).toBe('refresh-1');
  });

  it('retries a request only once when the new token is refused too', async () => {
    signIn();
    const tokensSeen: (string | null)[] = [];
    server.use(
      http.get('/api/v1/orders/', ({ request }) => {
        tokensSeen.push(request.headers.get('Authorization'));
        return HttpResponse.json(apiError('token_not_valid', 'Token is invalid'), { status: 401 });
      }),
    );
    const refreshBodies = refreshEndpoint();

    await expect(api.get('/orders/')).rejects.toMatchObject({ response: { status: 401 } });

    expect(refreshBodies).toHaveLength(1);
    expect(tokensSeen).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('passes a 401 through untouched when there is no session to refresh', async () => {
    protectedOrders();
    const refreshBodies = refreshEndpoint();

    await expect(api.get('/orders/')).rejects.toMatchObject({ response: { status: 401 } });

    expect(refreshBodies).toHaveLength(0);
  });

  it('obtains an access token from the stored refresh token after a reload', async () => {
    useAuthStore.setState({ accessToken: null, refreshToken: 'refresh-1' });
    const tokensSeen = protectedOrders();
    refreshEndpoint();

    await api.get('/orders/');

    expect(tokensSeen).toEqual([null, 'Bearer access-2']);
  });
});

describe('api client across tabs', () => {
  it('refreshes with the token another tab rotated to', async () => {
    signIn();
    protectedOrders();
    const refreshBodies = refreshEndpoint();

    localStorage.setItem('dorixona.refresh', 'refresh-from-other-tab');
    window.dispatchEvent(new StorageEvent('storage', { key: 'dorixona.refresh' }));
    await api.get('/orders/');

    expect(refreshBodies).toEqual([{ refresh: 'refresh-from-other-tab' }]);
  });

  it('logs out when another tab logs out', () => {
    signIn();

    localStorage.removeItem('dorixona.refresh');
    window.dispatchEvent(new StorageEvent('storage', { key: 'dorixona.refresh' }));

    expect(useAuthStore.getState()).toMatchObject({ accessToken: null, refreshToken: null });
  });
});

describe('api client language', () => {
  it('asks the API for messages in the language chosen in the app', async () => {
    let language: string | null = null;
    server.use(
      http.get('/api/v1/products/', ({ request }) => {
        language = request.headers.get('Accept-Language');
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
      }),
    );
    await i18n.changeLanguage('ru');

    await api.get('/products/');

    expect(language).toBe('ru');
  });
});

describe('apiErrorMessage', () => {
  it("returns the message of the API's error body", async () => {
    server.use(
      http.post('/api/v1/orders/cart/add/', () =>
        HttpResponse.json(apiError('insufficient_stock', "Omborda yetarli dori yo'q"), { status: 409 }),
      ),
    );

    const error: unknown = await api.post('/orders/cart/add/').catch((reason: unknown) => reason);

    expect(apiErrorMessage(error)).toBe("Omborda yetarli dori yo'q");
  });

  it('explains a network failure', async () => {
    server.use(http.get('/api/v1/products/', () => HttpResponse.error()));

    const error: unknown = await api.get('/products/').catch((reason: unknown) => reason);

    expect(apiErrorMessage(error)).toBe(i18n.t('errors.network'));
  });

  it('falls back to a generic message for a body that is not an API error', async () => {
    server.use(http.get('/api/v1/products/', () => new HttpResponse('<h1>502 Bad Gateway</h1>', { status: 502 })));

    const error: unknown = await api.get('/products/').catch((reason: unknown) => reason);

    expect(apiErrorMessage(error)).toBe(i18n.t('errors.unexpected'));
    expect(apiErrorMessage(new TypeError('x is undefined'))).toBe(i18n.t('errors.unexpected'));
    expect(apiErrorMessage(new AxiosError('timeout', 'ECONNABORTED'))).toBe(i18n.t('errors.network'));
  });
});

import axios, { isAxiosError } from 'axios';

import { useAuthStore, type TokenPair } from '@/lib/auth';
import i18n from '@/lib/i18n';

declare module 'axios' {
  interface InternalAxiosRequestConfig {
    /** Set on the one retry after a token refresh, so a request is retried at most once. */
    isRetryAfterRefresh?: boolean;
  }
}

/** The body of every error the API returns (ARCHITECTURE.md, "API"). */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown>;
  };
}

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

const baseURL = '/api/v1';

export const api = axios.create({ baseURL });

api.interceptors.request.use((config) => {
  const { accessToken } = useAuthStore.getState();
  if (accessToken) config.headers.Authorization = `Bearer ${accessToken}`;
  // The API localises its messages by Accept-Language; the browser's own header would ignore the
  // language chosen in the app.
  config.headers['Accept-Language'] = i18n.language;
  return config;
});

let refreshInFlight: Promise<void> | null = null;

/**
 * Requests that fail together share one refresh: the backend rotates refresh tokens, so a second
 * refresh with the same token would be rejected and log the user out.
 */
function refreshAccessToken(): Promise<void> {
  refreshInFlight ??= requestAccessToken().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

async function requestAccessToken(): Promise<void> {
  const { refreshToken, setTokens, logout } = useAuthStore.getState();
  try {
    // Plain axios rather than `api`: a 401 from this endpoint must not start another refresh.
    const { data } = await axios.post<TokenPair>(`${baseURL}/users/token/refresh/`, {
      refresh: refreshToken,
    });
    setTokens(data);
  } catch (error) {
    // A refresh token the server rejects will never work again; after a network error or a 5xx
    // it still might, so the session is kept.
    if (isAxiosError(error) && error.response && error.response.status < 500) logout();
    throw error;
  }
}

api.interceptors.response.use(undefined, async (error: unknown) => {
  if (!isAxiosError(error) || error.response?.status !== 401) throw error;
  const config = error.config;
  const { accessToken, refreshToken } = useAuthStore.getState();
  if (!config || config.isRetryAfterRefresh || !refreshToken) throw error;

  // A request sent before another one refreshed the token only needs the new token, not a refresh.
  const sentWithCurrentToken = !accessToken || config.headers.Authorization === `Bearer ${accessToken}`;
  if (sentWithCurrentToken) {
    try {
      await refreshAccessToken();
    } catch {
      throw error;
    }
  }
  config.isRetryAfterRefresh = true;
  return api.request(config);
});

/** The localised message of a failed API call, suitable for a toast or an inline error. */
export function apiErrorMessage(error: unknown): string {
  if (isAxiosError<Partial<ApiErrorBody> | undefined>(error)) {
    if (!error.response) return i18n.t('errors.network');
    const message = error.response.data?.error?.message;
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return i18n.t('errors.unexpected');
}

import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isAxiosError } from 'axios';

import { toast } from '@/components/toastStore';
import { apiErrorMessage } from '@/lib/api';

/** A request the server refused (4xx) fails the same way however often it is repeated. */
function isWorthRetrying(error: unknown): boolean {
  const status = isAxiosError(error) ? error.response?.status : undefined;
  return status === undefined || status >= 500;
}

/**
 * Every failed action (mutation) shows an error toast. A query that fails on first load is shown
 * inline by its screen; a query that fails while refreshing data already on screen gets a toast,
 * because the screen would otherwise go on showing stale data without a word.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.state.data !== undefined) toast.error(apiErrorMessage(error));
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < 2 && isWorthRetrying(error),
      },
    },
  });
}

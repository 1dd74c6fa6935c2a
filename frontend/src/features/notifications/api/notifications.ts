import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';
import { useIsSignedIn } from '@/lib/auth';
import { queryKeys } from '@/lib/queryKeys';

// The in-app inbox and preferences (`/api/v1/notifications/`, apps/notifications/api.py on the
// notifications branch).

export interface AppNotification {
  id: number;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: string;
  read_at: string | null;
  is_read: boolean;
}

export interface Preferences {
  muted_channels: string[];
  muted_types: string[];
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  mutable_channels: string[];
  mutable_types: string[];
  always_on_types: string[];
}

export function useUnreadCount() {
  const signedIn = useIsSignedIn();
  return useQuery({
    queryKey: queryKeys.unreadCount,
    queryFn: async ({ signal }) => (await api.get<{ unread: number }>('/notifications/unread-count/', { signal })).data.unread,
    enabled: signedIn,
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}

export function useNotifications(page: number, unreadOnly: boolean) {
  return useQuery({
    queryKey: [...queryKeys.notifications, 'list', page, unreadOnly],
    queryFn: async ({ signal }) =>
      (
        await api.get<Paginated<AppNotification>>('/notifications/', {
          params: { page: page > 1 ? page : undefined, unread: unreadOnly ? true : undefined },
          signal,
        })
      ).data,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => (await api.post<AppNotification>(`/notifications/${id}/mark-read/`)).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.post<{ marked: number }>('/notifications/mark-all-read/')).data,
    onMutate: () => queryClient.setQueryData(queryKeys.unreadCount, 0),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}

export function usePreferences() {
  return useQuery({
    queryKey: [...queryKeys.notifications, 'preferences'],
    queryFn: async ({ signal }) => (await api.get<Preferences>('/notifications/preferences/', { signal })).data,
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: Pick<Preferences, 'muted_channels' | 'muted_types' | 'quiet_hours_start' | 'quiet_hours_end'>) =>
      (await api.put<Preferences>('/notifications/preferences/', input)).data,
    onSuccess: (data) => queryClient.setQueryData([...queryKeys.notifications, 'preferences'], data),
  });
}

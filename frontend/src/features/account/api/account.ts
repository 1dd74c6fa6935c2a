import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { AddressDraft } from '@/components/AddressFields';
import { api, type Paginated } from '@/lib/api';
import { useAuthStore, useIsSignedIn } from '@/lib/auth';
import { queryKeys } from '@/lib/queryKeys';

// The signed-in user's own account (`/api/v1/users/me/...`, apps/users/api/me.py and addresses.py).

export interface Profile {
  id: number;
  phone_number: string;
  first_name: string;
  last_name: string;
  language: 'uz' | 'ru' | 'en';
}

export interface Address extends AddressDraft {
  id: number;
  latitude: string | null;
  longitude: string | null;
  is_default: boolean;
}

export function useProfile() {
  const signedIn = useIsSignedIn();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async ({ signal }) => (await api.get<Profile>('/users/me/', { signal })).data,
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: Partial<Pick<Profile, 'first_name' | 'last_name' | 'language'>>) =>
      (await api.patch<Profile>('/users/me/', input)).data,
    onSuccess: (profile) => queryClient.setQueryData(queryKeys.me, profile),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: async (input: { old_password: string; new_password: string }) =>
      (await api.post<{ access: string; refresh: string }>('/users/password/change/', input)).data,
    // Other sessions end; this one carries on with the new pair.
    onSuccess: (tokens) => useAuthStore.getState().setTokens(tokens),
  });
}

export function useAddresses() {
  return useQuery({
    queryKey: queryKeys.addresses,
    queryFn: async ({ signal }) => {
      const { data } = await api.get<Address[] | Paginated<Address>>('/users/me/addresses/', { signal });
      return Array.isArray(data) ? data : data.results;
    },
  });
}

export function useSaveAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, ...address }: Partial<Address> & { id?: number }) =>
      id
        ? (await api.patch<Address>(`/users/me/addresses/${id}/`, address)).data
        : (await api.post<Address>('/users/me/addresses/', address)).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.addresses }),
  });
}

export function useDeleteAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: number) => {
      await api.delete(`/users/me/addresses/${id}/`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.addresses }),
  });
}

/** Downloads everything the shop keeps about the user as a JSON file. */
export function useExportData() {
  return useMutation({
    mutationFn: async () => {
      const { data } = await api.get<unknown>('/users/me/export/');
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `dorixona-data-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
    },
  });
}

export function useDeleteAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (password: string) => {
      await api.delete('/users/me/', { data: { password } });
    },
    onSuccess: () => {
      useAuthStore.getState().logout();
      queryClient.clear();
    },
  });
}

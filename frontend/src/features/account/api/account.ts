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

/** What the server answers when it has texted a code (`CodeSentOutputSerializer`). */
export interface CodeSent {
  phone_number: string;
  purpose: string;
  code_ttl_seconds: number;
  resend_after_seconds: number;
}

/**
 * Phone change, step one: `POST /users/me/phone/` `{new_phone_number, password}` → 202, a code is
 * texted to the new number (400 `wrong_password` / `same_phone_number`, 429 while cooling down).
 */
export function useRequestPhoneChange() {
  return useMutation({
    mutationFn: async (input: { new_phone_number: string; password: string }) =>
      (await api.post<CodeSent>('/users/me/phone/', input)).data,
  });
}

/**
 * Step two: `POST /users/me/phone/confirm/` `{new_phone_number, code}` → the user with the new
 * number (400 `otp_invalid` / `otp_expired` / `otp_attempts_exceeded`, 409 `phone_number_taken`).
 */
export function useConfirmPhoneChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { new_phone_number: string; code: string }) =>
      (await api.post<Profile>('/users/me/phone/confirm/', input)).data,
    onSuccess: (profile) => queryClient.setQueryData<Profile>(queryKeys.me, (old) => ({ ...old, ...profile })),
  });
}

/**
 * `POST /users/logout/all/`: every refresh token of the user is revoked, on every device. This
 * one's is too, so the session here ends as well; on a failure nothing changes here.
 */
export function useLogoutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.post('/users/logout/all/');
    },
    onSuccess: () => {
      useAuthStore.getState().logout();
      queryClient.clear();
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api';
import { useAuthStore, useIsSignedIn } from '@/lib/auth';
import { queryKeys } from '@/lib/queryKeys';

// The accounts API (`/api/v1/users/`, apps/users/api/auth.py and me.py).

export interface User {
  id: number;
  phone_number: string;
  first_name: string;
  last_name: string;
  language: 'uz' | 'ru' | 'en';
  role: 'customer' | 'operator' | 'courier' | 'admin';
  is_verified: boolean;
  date_joined: string;
}

export interface Session {
  access: string;
  refresh: string;
  user: User;
}

export interface CodeSent {
  phone_number: string;
  purpose: 'register' | 'login' | 'reset' | 'phone_change';
  code_ttl_seconds: number;
  resend_after_seconds: number;
}

export interface RegisterInput {
  phone_number: string;
  password: string;
  first_name: string;
  last_name: string;
  accepted_terms: boolean;
  language: string;
}

/** The `users/me/` query the rest of the app shares (fetched only while signed in). */
function useMeOptions() {
  const signedIn = useIsSignedIn();
  return {
    queryKey: queryKeys.me,
    queryFn: async ({ signal }: { signal: AbortSignal }) => (await api.get<User>('/users/me/', { signal })).data,
    enabled: signedIn,
    staleTime: 5 * 60_000,
  };
}

export function useMe() {
  return useQuery(useMeOptions());
}

/** The signed-in user's role, from the shared `users/me/` query. */
export function useMyRole() {
  return useQuery({ ...useMeOptions(), select: (user: User) => user.role });
}

/** Keeps the tokens of a new session and what it says about the user. */
function useStartSession() {
  const queryClient = useQueryClient();
  return (session: Session) => {
    // Whatever a previous user left in the cache must not show through.
    queryClient.clear();
    useAuthStore.getState().setTokens({ access: session.access, refresh: session.refresh });
    queryClient.setQueryData(queryKeys.me, session.user);
  };
}

export function useLogin() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: async (input: { phone_number: string; password: string }) => (await api.post<Session>('/users/login/', input)).data,
    onSuccess: startSession,
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: async (input: RegisterInput) => (await api.post<CodeSent>('/users/register/', input)).data,
  });
}

export function useVerifyPhone() {
  const startSession = useStartSession();
  return useMutation({
    mutationFn: async (input: { phone_number: string; code: string }) => (await api.post<Session>('/users/verify/', input)).data,
    onSuccess: startSession,
  });
}

export function useResendCode() {
  return useMutation({
    mutationFn: async (input: { phone_number: string; purpose: CodeSent['purpose'] }) =>
      (await api.post<CodeSent>('/users/otp/resend/', input)).data,
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: async (input: { phone_number: string }) => (await api.post<CodeSent>('/users/password/forgot/', input)).data,
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async (input: { phone_number: string; code: string; new_password: string }) => {
      await api.post('/users/password/reset/', input);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const { refreshToken } = useAuthStore.getState();
      // The session ends here whatever the server says; blacklisting the token is best effort.
      if (refreshToken) await api.post('/users/logout/', { refresh: refreshToken }).catch(() => undefined);
    },
    onSettled: () => {
      useAuthStore.getState().logout();
      queryClient.clear();
    },
  });
}

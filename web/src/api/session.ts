import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Me, SignInStatus } from './types';

export const meKey = ['me'] as const;

export const meQuery = queryOptions({
  queryKey: meKey,
  queryFn: ({ signal }) => api<Me>('/api/me', { signal }),
  staleTime: 5 * 60_000,
  retry: false,
});

export function useMe() {
  return useQuery(meQuery);
}

/** Reads the signed-in user afresh (after sign-in, TOTP, enrolment). */
export function refreshMe(queryClient: QueryClient): Promise<Me> {
  return queryClient.fetchQuery({ ...meQuery, staleTime: 0 });
}

export function signIn(username: string, password: string) {
  return api<{ status: SignInStatus }>('/api/session/sign-in', {
    method: 'POST',
    body: { username, password },
    skipSessionRedirect: true,
  });
}

export function submitTotp(code: string) {
  return api<{ status: 'signed-in' }>('/api/session/totp', {
    method: 'POST',
    body: { code },
    skipSessionRedirect: true,
  });
}

export function signOut() {
  return api<void>('/api/session/sign-out', { method: 'POST', skipSessionRedirect: true });
}

/**
 * Forget everything cached about the user except the public system info, so the next
 * person on this browser sees nothing of the last one.
 */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'system-info' });
}

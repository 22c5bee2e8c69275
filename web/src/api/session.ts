import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, api, reportSessionError } from './client';
import type { ResponseBody } from './contract';
import type { Me } from './types';

export const meKey = ['me'] as const;

/**
 * Who is signed in. The session's state is asked first (always a 200), so a visitor who has
 * not signed in makes no request that fails — no 401 in the browser console on the way to the
 * sign-in page — and is sent there by the same handler a 401 would reach.
 */
async function fetchMe(signal: AbortSignal): Promise<Me> {
  const { state } = await api<ResponseBody<'/api/session/state'>>('/api/session/state', { signal });
  if (state !== 'signed-in') {
    const error = new ApiError({
      status: 401,
      code: state === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED',
      title: 'Not signed in',
    });
    reportSessionError(error);
    throw error;
  }
  return api<Me>('/api/me', { signal });
}

export const meQuery = queryOptions({
  queryKey: meKey,
  queryFn: ({ signal }) => fetchMe(signal),
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
  return api<ResponseBody<'/api/session/sign-in', 'post'>>('/api/session/sign-in', {
    method: 'POST',
    body: { username, password },
    skipSessionRedirect: true,
  });
}

export function submitTotp(code: string) {
  return api<ResponseBody<'/api/session/totp', 'post'>>('/api/session/totp', {
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

import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ResponseBody } from './contract';
import type { TotpEnrolment } from './types';

export const sessionsKey = ['account', 'sessions'] as const;

export function useAccountSessions() {
  return useQuery({
    queryKey: sessionsKey,
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/account/sessions'>>('/api/account/sessions', { signal }),
  });
}

export function revokeSession(id: string) {
  return api<void>(`/api/account/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function changePassword(currentPassword: string, newPassword: string) {
  return api<void>('/api/account/password', {
    method: 'POST',
    body: { currentPassword, newPassword },
  });
}

export function enrolTotp(password: string) {
  return api<TotpEnrolment>('/api/account/totp/enrol', { method: 'POST', body: { password } });
}

export function confirmTotp(code: string) {
  return api<void>('/api/account/totp/confirm', { method: 'POST', body: { code } });
}

export function disableTotp(password: string) {
  return api<void>('/api/account/totp/disable', { method: 'POST', body: { password } });
}

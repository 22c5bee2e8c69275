import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { AdminUser, Organisation, Page } from './types';

export interface UserFilters {
  q?: string;
  role?: string;
  page: number;
  pageSize: number;
}

export interface NewUser {
  username: string;
  name: string;
  role: string;
  organisationId: string;
  mobile?: string;
  email?: string;
}

export interface UserChanges {
  name?: string;
  role?: string;
  disabled?: boolean;
}

export const usersKey = ['admin', 'users'] as const;

export function useOrganisations() {
  return useQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: ({ signal }) => api<{ items: Organisation[] }>('/api/admin/organisations', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: [...usersKey, filters],
    queryFn: ({ signal }) =>
      api<Page<AdminUser>>('/api/admin/users', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function createUser(user: NewUser) {
  return api<{ user: AdminUser; temporaryPassword: string }>('/api/admin/users', {
    method: 'POST',
    body: user,
  });
}

export function updateUser(id: string, changes: UserChanges) {
  return api<{ user: AdminUser }>(`/api/admin/users/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: changes,
  });
}

export function resetPassword(id: string) {
  return api<{ temporaryPassword: string }>(
    `/api/admin/users/${encodeURIComponent(id)}/reset-password`,
    { method: 'POST' },
  );
}

export function unlockUser(id: string) {
  return api<void>(`/api/admin/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' });
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Paged, QueryOf, RequestBody, ResponseBody } from './contract';

export type UserFilters = Paged<QueryOf<'/api/admin/users'>>;

export type NewUser = RequestBody<'/api/admin/users'>;

export type UserChanges = RequestBody<'/api/admin/users/{id}', 'patch'>;

export const usersKey = ['admin', 'users'] as const;

export function useOrganisations() {
  return useQuery({
    queryKey: ['admin', 'organisations'],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/admin/organisations'>>('/api/admin/organisations', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: [...usersKey, filters],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/admin/users'>>('/api/admin/users', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function createUser(user: NewUser) {
  return api<ResponseBody<'/api/admin/users', 'post'>>('/api/admin/users', {
    method: 'POST',
    body: user,
  });
}

export function updateUser(id: string, changes: UserChanges) {
  return api<ResponseBody<'/api/admin/users/{id}', 'patch'>>(
    `/api/admin/users/${encodeURIComponent(id)}`,
    {
      method: 'PATCH',
      body: changes,
    },
  );
}

export function resetPassword(id: string) {
  return api<ResponseBody<'/api/admin/users/{id}/reset-password', 'post'>>(
    `/api/admin/users/${encodeURIComponent(id)}/reset-password`,
    { method: 'POST' },
  );
}

export function unlockUser(id: string) {
  return api<void>(`/api/admin/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' });
}

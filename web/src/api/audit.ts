import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Paged, QueryOf, ResponseBody } from './contract';

export type AuditFilters = Paged<QueryOf<'/api/audit'>>;

export function useAuditEvents(filters: AuditFilters, enabled = true) {
  return useQuery({
    queryKey: ['audit', filters],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/audit'>>('/api/audit', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { AuditEvent, AuditOutcome, Page } from './types';

export interface AuditFilters {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  q?: string;
  page: number;
  pageSize: number;
}

export function useAuditEvents(filters: AuditFilters, enabled = true) {
  return useQuery({
    queryKey: ['audit', filters],
    queryFn: ({ signal }) => api<Page<AuditEvent>>('/api/audit', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { PolicyVersion } from './types';

export const policiesKey = ['policies'] as const;

export function useCurrentPolicy() {
  return useQuery({
    queryKey: [...policiesKey, 'current'],
    queryFn: ({ signal }) => api<PolicyVersion>('/api/policies/current', { signal }),
  });
}

export function usePolicyHistory() {
  return useQuery({
    queryKey: [...policiesKey, 'history'],
    queryFn: ({ signal }) => api<{ items: PolicyVersion[] }>('/api/policies', { signal }),
  });
}

/** Publishes a new version; it applies only to vouchers granted afterwards. */
export function publishPolicy(document: unknown) {
  return api<PolicyVersion>('/api/policies', { method: 'POST', body: { document } });
}

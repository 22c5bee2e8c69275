import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ResponseBody } from './contract';
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
    queryFn: ({ signal }) => api<ResponseBody<'/api/policies'>>('/api/policies', { signal }),
  });
}

/** Publishes a new version; it applies only to vouchers granted afterwards. */
export function publishPolicy(document: Record<string, unknown>) {
  return api<ResponseBody<'/api/policies', 'post'>>('/api/policies', {
    method: 'POST',
    body: { document },
  });
}

/** The server's dry run of a draft: its field errors, the version in force, the open plans. */
export type PolicyPreview = ResponseBody<'/api/policies/preview', 'post'>;

/** Checks a draft without publishing it (POST /api/policies/preview; nothing is written). */
export function previewPolicy(document: Record<string, unknown>) {
  return api<PolicyPreview>('/api/policies/preview', {
    method: 'POST',
    body: { document },
  });
}

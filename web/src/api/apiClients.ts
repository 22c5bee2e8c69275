import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ApiClient } from './types';

export const apiClientsKey = ['operator', 'api-clients'] as const;

export interface ClientWithSecret {
  client: ApiClient;
  /** Shown once; the server keeps only what it needs to verify signatures. */
  secret: string;
}

export function useApiClients() {
  return useQuery({
    queryKey: apiClientsKey,
    queryFn: ({ signal }) => api<{ items: ApiClient[] }>('/api/operator/api-clients', { signal }),
  });
}

export function createApiClient(name: string) {
  return api<ClientWithSecret>('/api/operator/api-clients', { method: 'POST', body: { name } });
}

export function rotateApiClient(id: string) {
  return api<ClientWithSecret>(`/api/operator/api-clients/${encodeURIComponent(id)}/rotate`, {
    method: 'POST',
  });
}

export function setApiClientEnabled(id: string, enabled: boolean) {
  const action = enabled ? 'enable' : 'disable';
  return api<{ client: ApiClient }>(
    `/api/operator/api-clients/${encodeURIComponent(id)}/${action}`,
    { method: 'POST' },
  );
}

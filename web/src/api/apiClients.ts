import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ResponseBody } from './contract';

export const apiClientsKey = ['operator', 'api-clients'] as const;

/** The secret is shown once; the server keeps only what it needs to verify signatures. */
export type ClientWithSecret = ResponseBody<'/api/operator/api-clients', 'post'>;

export function useApiClients() {
  return useQuery({
    queryKey: apiClientsKey,
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/operator/api-clients'>>('/api/operator/api-clients', { signal }),
  });
}

export function createApiClient(name: string) {
  return api<ClientWithSecret>('/api/operator/api-clients', { method: 'POST', body: { name } });
}

export function rotateApiClient(id: string) {
  return api<ResponseBody<'/api/operator/api-clients/{id}/rotate', 'post'>>(
    `/api/operator/api-clients/${encodeURIComponent(id)}/rotate`,
    {
      method: 'POST',
    },
  );
}

export function setApiClientEnabled(id: string, enabled: boolean) {
  const action = enabled ? 'enable' : 'disable';
  return api<ResponseBody<'/api/operator/api-clients/{id}/enable', 'post'>>(
    `/api/operator/api-clients/${encodeURIComponent(id)}/${action}`,
    { method: 'POST' },
  );
}

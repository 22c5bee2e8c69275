import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { SystemInfo } from './types';

export const systemInfoKey = ['system-info'] as const;

/** Public: demo flag, simulated time and demo logins. Refreshed each minute for the clock. */
export function useSystemInfo() {
  return useQuery({
    queryKey: systemInfoKey,
    queryFn: ({ signal }) => api<SystemInfo>('/api/system/info', { signal }),
    staleTime: 60_000,
    refetchInterval: 60_000,
  });
}

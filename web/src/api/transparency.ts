import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ResponseBody, Schema } from './contract';

/** 信息公开: the public figures (no sign-in), and the Data Bureau's recipients switch. */
export type PublicFigures = Schema<'PublicFigures'>;

export const transparencyKey = ['transparency'] as const;

export function usePublicFigures(year: number | undefined) {
  return useQuery({
    queryKey: [...transparencyKey, year ?? 'newest'],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/public/transparency'>>(
        `/api/public/transparency${year ? `?year=${year}` : ''}`,
        { signal, skipSessionRedirect: true },
      ),
    placeholderData: keepPreviousData,
  });
}

export function publicFiguresCsvPath(year: number): string {
  return `/api/public/transparency/${year}/figures.csv`;
}

export function usePublishRecipients(year: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (published: boolean) =>
      api<ResponseBody<'/api/transparency/{year}/recipients', 'put'>>(
        `/api/transparency/${year}/recipients`,
        { method: 'PUT', body: { published } },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: transparencyKey }),
  });
}

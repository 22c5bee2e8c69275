import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiUpload } from './client';
import type { Paged, QueryOf, ResponseBody } from './contract';

/** 星级上云企业名单 (the DRC's list): import with a per-row report, publish, search, export. */

export type ImportReport = ResponseBody<'/api/star-lists/import/preview', 'post'>;
export type ImportSummary = ImportReport['summary'];
export type ImportIssue = ImportReport['rows'][number]['errors'][number];
export type StarListBatch = ResponseBody<'/api/star-lists/batches'>['items'][number];
export type StarListEntry = ResponseBody<'/api/star-lists/entries'>['items'][number];

/** What narrows the entries; the page is passed beside it. */
export type EntryFilter = Omit<QueryOf<'/api/star-lists/entries'>, 'page' | 'pageSize'>;

export const starListsKey = ['star-lists'] as const;
export const STAR_LIST_TEMPLATE_PATH = '/api/star-lists/template.xlsx';
export const STAR_LIST_EXPORT_PATH = '/api/star-lists/entries.xlsx';

export function useStarListYears() {
  return useQuery({
    queryKey: [...starListsKey, 'years'],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/star-lists/years'>>('/api/star-lists/years', { signal }),
  });
}

export function useStarListBatches(year: number | undefined) {
  return useQuery({
    queryKey: [...starListsKey, 'batches', year],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/star-lists/batches'>>('/api/star-lists/batches', {
        query: { year },
        signal,
      }),
  });
}

export function useStarListEntries(
  filter: EntryFilter,
  paging: Paged<QueryOf<'/api/star-lists/entries'>>,
) {
  return useQuery({
    queryKey: [...starListsKey, 'entries', filter, paging],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/star-lists/entries'>>('/api/star-lists/entries', {
        query: { ...filter, ...paging },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function previewStarList(file: File, listYear: number) {
  return apiUpload<ResponseBody<'/api/star-lists/import/preview', 'post'>>(
    '/api/star-lists/import/preview',
    file,
    {
      listYear: String(listYear),
    },
  );
}

export function importStarList(
  file: File,
  listYear: number,
  title: string,
  confirmWarnings: boolean,
) {
  return apiUpload<ResponseBody<'/api/star-lists/import', 'post'>>('/api/star-lists/import', file, {
    listYear: String(listYear),
    title,
    confirmWarnings: confirmWarnings ? 'true' : 'false',
  });
}

export function publishStarListBatch(id: string) {
  return api<ResponseBody<'/api/star-lists/batches/{id}/publish', 'post'>>(
    `/api/star-lists/batches/${encodeURIComponent(id)}/publish`,
    {
      method: 'POST',
    },
  );
}

export function deleteStarListBatch(id: string) {
  return api<void>(`/api/star-lists/batches/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

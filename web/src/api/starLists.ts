import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiUpload } from './client';

/** 星级上云企业名单 (the DRC's list): import with a per-row report, publish, search, export. */

export interface ImportIssue {
  column: string;
  code: string;
  message: string;
}

export interface ImportSummary {
  total: number;
  valid: number;
  invalid: number;
  withWarnings: number;
}

export interface ImportReport {
  listYear: number;
  fileName: string;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  sheetName: string | null;
  headerRowNo: number;
  columns: { key: string; header: string }[];
  rows: {
    rowNo: number;
    values: Record<string, string>;
    errors: ImportIssue[];
    warnings: ImportIssue[];
  }[];
  summary: ImportSummary;
  canImport: boolean;
  needsConfirmation: boolean;
}

export interface StarListBatch {
  id: string;
  listYear: number;
  batchNo: number;
  title: string;
  status: 'draft' | 'published';
  entryCount: number;
  starCounts: { 3: number; 4: number; 5: number };
  sourceFile: { id: string; name: string; mediaType: string; size: number } | null;
  importedBy: string;
  importedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface StarListEntry {
  id: string;
  batchId: string;
  batchNo: number;
  batchStatus: 'draft' | 'published';
  listYear: number;
  seqNo: number;
  city: string;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: number;
}

export interface EntryFilter {
  year?: number;
  batchId?: string;
  q?: string;
  star?: number;
  status?: 'draft' | 'published';
}

export const starListsKey = ['star-lists'] as const;
export const STAR_LIST_TEMPLATE_PATH = '/api/star-lists/template.xlsx';
export const STAR_LIST_EXPORT_PATH = '/api/star-lists/entries.xlsx';

export function useStarListYears() {
  return useQuery({
    queryKey: [...starListsKey, 'years'],
    queryFn: ({ signal }) =>
      api<{
        items: {
          listYear: number;
          batchCount: number;
          publishedBatchCount: number;
          entryCount: number;
          publishedEntryCount: number;
        }[];
      }>('/api/star-lists/years', { signal }),
  });
}

export function useStarListBatches(year: number | undefined) {
  return useQuery({
    queryKey: [...starListsKey, 'batches', year],
    queryFn: ({ signal }) =>
      api<{ items: StarListBatch[] }>('/api/star-lists/batches', { query: { year }, signal }),
  });
}

export function useStarListEntries(
  filter: EntryFilter,
  paging: { page: number; pageSize: number },
) {
  return useQuery({
    queryKey: [...starListsKey, 'entries', filter, paging],
    queryFn: ({ signal }) =>
      api<{ items: StarListEntry[]; total: number }>('/api/star-lists/entries', {
        query: { ...filter, ...paging },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function previewStarList(file: File, listYear: number) {
  return apiUpload<ImportReport>('/api/star-lists/import/preview', file, {
    listYear: String(listYear),
  });
}

export function importStarList(
  file: File,
  listYear: number,
  title: string,
  confirmWarnings: boolean,
) {
  return apiUpload<{ batch: StarListBatch; summary: ImportSummary }>(
    '/api/star-lists/import',
    file,
    { listYear: String(listYear), title, confirmWarnings: confirmWarnings ? 'true' : 'false' },
  );
}

export function publishStarListBatch(id: string) {
  return api<StarListBatch>(`/api/star-lists/batches/${encodeURIComponent(id)}/publish`, {
    method: 'POST',
  });
}

export function deleteStarListBatch(id: string) {
  return api<void>(`/api/star-lists/batches/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

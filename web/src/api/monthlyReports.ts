import { useQuery } from '@tanstack/react-query';
import { client, data } from './client';
import type { RequestBody, Schema } from './contract';

/**
 * 月度报告 (第十四条): the operator drafts and submits, the Data Bureau archives or returns.
 * Shapes come from the generated contract (server/src/modules/monthly-reports/*.schemas.ts).
 */

export type ReportSummary = Schema<'MonthlyReportSummary'>;
export type ReportDetail = Schema<'MonthlyReportDetail'>;
export type UsageFigures = Schema<'MonthlyReportUsage'>;
export type UsageLine = Schema<'MonthlyReportUsageLine'>;
export type ControlRow = Schema<'MonthlyReportControlRow'>;
export type AdoptionRow = Schema<'MonthlyReportAdoptionRow'>;
export type ComputedParts = Schema<'MonthlyReportParts'>;
export type ReportRound = Schema<'MonthlyReportRound'>;
export type DraftInput = RequestBody<'/api/monthly-reports/{month}', 'put'>;

export const monthlyReportsKey = ['monthly-reports'] as const;

export function useReportList(year: number) {
  return useQuery({
    queryKey: [...monthlyReportsKey, 'list', year],
    queryFn: ({ signal }) =>
      data(client.GET('/api/monthly-reports', { params: { query: { year } }, signal })),
  });
}

export function useReportQueue() {
  return useQuery({
    queryKey: [...monthlyReportsKey, 'queue'],
    queryFn: ({ signal }) =>
      data(client.GET('/api/monthly-reports', { params: { query: { queue: 'true' } }, signal })),
  });
}

export function useReportDetail(month: string | null) {
  return useQuery({
    queryKey: [...monthlyReportsKey, 'detail', month],
    queryFn: ({ signal }) =>
      data(
        client.GET('/api/monthly-reports/{month}', {
          params: { path: { month: month ?? '' } },
          signal,
        }),
      ),
    enabled: month !== null,
  });
}

const path = (month: string) => ({ params: { path: { month } } });

export function saveDraft(month: string, input: DraftInput) {
  return data(client.PUT('/api/monthly-reports/{month}', { ...path(month), body: input }));
}

export function submitReport(month: string) {
  return data(client.POST('/api/monthly-reports/{month}/submit', path(month)));
}

export function archiveReport(month: string) {
  return data(client.POST('/api/monthly-reports/{month}/archive', path(month)));
}

export function returnReport(month: string, reason: string) {
  return data(
    client.POST('/api/monthly-reports/{month}/return', { ...path(month), body: { reason } }),
  );
}

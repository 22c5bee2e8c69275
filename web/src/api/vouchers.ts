import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Paged, QueryOf, RequestBody, ResponseBody } from './contract';

export type Paging = Paged<QueryOf<'/api/enterprise/usage'>>;

export const vouchersKey = ['vouchers'] as const;
export const deductionsKey = ['operator', 'deductions'] as const;

/** The signed-in enterprise's own vouchers and their tranches. */
export function useOwnVouchers() {
  return useQuery({
    queryKey: [...vouchersKey, 'own'],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/enterprise/vouchers'>>('/api/enterprise/vouchers', { signal }),
  });
}

export function useOwnUsage(paging: Paging) {
  return useQuery({
    queryKey: [...vouchersKey, 'own-usage', paging],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/enterprise/usage'>>('/api/enterprise/usage', {
        query: { ...paging },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export const USAGE_EXPORT_PATH = '/api/enterprise/usage.xlsx';

/** An enterprise's vouchers as the operator clerk sees them (核销 page). */
export function useEnterpriseVouchers(creditCode: string | undefined) {
  return useQuery({
    queryKey: [...vouchersKey, 'operator', creditCode],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/operator/enterprises/{creditCode}/vouchers'>>(
        `/api/operator/enterprises/${encodeURIComponent(creditCode ?? '')}/vouchers`,
        { signal },
      ),
    enabled: Boolean(creditCode),
    retry: false,
  });
}

/** An enterprise's vouchers for the Data Bureau's supervision. */
export function useSupervisedVouchers(creditCode: string | undefined) {
  return useQuery({
    queryKey: [...vouchersKey, 'supervision', creditCode],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/supervision/enterprises/{creditCode}/vouchers'>>(
        `/api/supervision/enterprises/${encodeURIComponent(creditCode ?? '')}/vouchers`,
        { signal },
      ),
    enabled: Boolean(creditCode),
    retry: false,
  });
}

export function useOperatorDeductions(filters: Paged<QueryOf<'/api/operator/deductions'>>) {
  return useQuery({
    queryKey: [...deductionsKey, filters],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/operator/deductions'>>('/api/operator/deductions', {
        query: { ...filters },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export type NewDeduction = RequestBody<'/api/operator/deductions'>;

export function createDeduction(body: NewDeduction, idempotencyKey: string) {
  return api<ResponseBody<'/api/operator/deductions', 'post'>>('/api/operator/deductions', {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function reverseDeduction(
  deductionId: string,
  body: RequestBody<'/api/operator/deductions/{deductionId}/reversals'>,
  idempotencyKey: string,
) {
  return api<ResponseBody<'/api/operator/deductions/{deductionId}/reversals', 'post'>>(
    `/api/operator/deductions/${encodeURIComponent(deductionId)}/reversals`,
    { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } },
  );
}

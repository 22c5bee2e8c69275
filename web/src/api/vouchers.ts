import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { DeductionResult, Page, ReversalResult, UsageItem, VouchersResponse } from './types';

export interface Paging {
  page: number;
  pageSize: number;
}

export const vouchersKey = ['vouchers'] as const;
export const deductionsKey = ['operator', 'deductions'] as const;

/** The signed-in enterprise's own vouchers and their tranches. */
export function useOwnVouchers() {
  return useQuery({
    queryKey: [...vouchersKey, 'own'],
    queryFn: ({ signal }) => api<VouchersResponse>('/api/enterprise/vouchers', { signal }),
  });
}

export function useOwnUsage(paging: Paging) {
  return useQuery({
    queryKey: [...vouchersKey, 'own-usage', paging],
    queryFn: ({ signal }) =>
      api<Page<UsageItem>>('/api/enterprise/usage', { query: { ...paging }, signal }),
    placeholderData: keepPreviousData,
  });
}

export const USAGE_EXPORT_PATH = '/api/enterprise/usage.xlsx';

/** An enterprise's vouchers as the operator clerk sees them (核销 page). */
export function useEnterpriseVouchers(creditCode: string | undefined) {
  return useQuery({
    queryKey: [...vouchersKey, 'operator', creditCode],
    queryFn: ({ signal }) =>
      api<VouchersResponse>(
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
      api<VouchersResponse>(
        `/api/supervision/enterprises/${encodeURIComponent(creditCode ?? '')}/vouchers`,
        { signal },
      ),
    enabled: Boolean(creditCode),
    retry: false,
  });
}

export function useOperatorDeductions(filters: Paging & { creditCode?: string }) {
  return useQuery({
    queryKey: [...deductionsKey, filters],
    queryFn: ({ signal }) =>
      api<Page<UsageItem>>('/api/operator/deductions', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });
}

export interface NewDeduction {
  orderNo: string;
  creditCode: string;
  category: string;
  /** Bill amount in fen. */
  amount: number;
  description?: string;
}

export function createDeduction(body: NewDeduction, idempotencyKey: string) {
  return api<DeductionResult>('/api/operator/deductions', {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function reverseDeduction(
  deductionId: string,
  body: { amount: number; reason: string },
  idempotencyKey: string,
) {
  return api<ReversalResult>(
    `/api/operator/deductions/${encodeURIComponent(deductionId)}/reversals`,
    { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } },
  );
}

import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** 资源券配置: one voucher batch per approved plan, adjusted before issue, then issued. */

export type OfferClaimStatus = 'submitted' | 'returned' | 'approved';

export interface VoucherBatch {
  id: string;
  planId: string;
  name: string;
  claimInstructions: string;
  status: 'configured' | 'issued';
  configuredBy: string;
  configuredAt: string;
  issuedBy: string | null;
  issuedAt: string | null;
  plan: {
    listYear: number;
    title: string;
    status: 'draft' | 'approved';
    claimOpensAt: string;
    claimClosesAt: string;
  };
  offerCount: number;
  claims: { submitted: number; returned: number; approved: number };
}

export interface VoucherOffer {
  entryId: string;
  listYear: number;
  starListBatchNo: number;
  seqNo: number;
  city: string;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: number;
  amount: number;
  enterprise: { organisationId: string; name: string; certified: boolean } | null;
  claim: { id: string; status: OfferClaimStatus; voucherId: string | null } | null;
}

export interface VoucherBatchInput {
  planId: string;
  name: string;
  claimInstructions: string;
}

export interface OffersQuery {
  q?: string;
  claimStatus?: OfferClaimStatus | 'none';
  page: number;
  pageSize: number;
}

export const voucherBatchesKey = ['voucher-batches'] as const;

export function useVoucherBatches() {
  return useQuery({
    queryKey: [...voucherBatchesKey, 'list'],
    queryFn: ({ signal }) => api<{ items: VoucherBatch[] }>('/api/voucher-batches', { signal }),
  });
}

export function useVoucherOffers(id: string | null, query: OffersQuery) {
  return useQuery({
    queryKey: [...voucherBatchesKey, 'offers', id, query],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({
        page: String(query.page),
        pageSize: String(query.pageSize),
      });
      if (query.q) params.set('q', query.q);
      if (query.claimStatus) params.set('claimStatus', query.claimStatus);
      return api<{ items: VoucherOffer[]; total: number }>(
        `/api/voucher-batches/${encodeURIComponent(id ?? '')}/offers?${params.toString()}`,
        { signal },
      );
    },
    enabled: id !== null,
  });
}

export function createVoucherBatch(input: VoucherBatchInput) {
  return api<VoucherBatch>('/api/voucher-batches', { method: 'POST', body: input });
}

export function updateVoucherBatch(
  id: string,
  input: { name?: string; claimInstructions?: string },
) {
  return api<VoucherBatch>(`/api/voucher-batches/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: input,
  });
}

export function issueVoucherBatch(id: string) {
  return api<{ batch: VoucherBatch; notified: number }>(
    `/api/voucher-batches/${encodeURIComponent(id)}/issue`,
    { method: 'POST' },
  );
}

import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Paged, QueryOf, RequestBody, ResponseBody } from './contract';

/** 资源券配置: one voucher batch per approved plan, adjusted before issue, then issued. */

export type VoucherBatch = ResponseBody<'/api/voucher-batches'>['items'][number];
export type VoucherOffer = ResponseBody<'/api/voucher-batches/{id}/offers'>['items'][number];
export type OfferClaimStatus = NonNullable<VoucherOffer['claim']>['status'];
export type VoucherBatchInput = RequestBody<'/api/voucher-batches'>;
export type OffersQuery = Paged<QueryOf<'/api/voucher-batches/{id}/offers'>>;

export const voucherBatchesKey = ['voucher-batches'] as const;

export function useVoucherBatches() {
  return useQuery({
    queryKey: [...voucherBatchesKey, 'list'],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/voucher-batches'>>('/api/voucher-batches', { signal }),
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
      return api<ResponseBody<'/api/voucher-batches/{id}/offers'>>(
        `/api/voucher-batches/${encodeURIComponent(id ?? '')}/offers?${params.toString()}`,
        { signal },
      );
    },
    enabled: id !== null,
  });
}

export function createVoucherBatch(input: VoucherBatchInput) {
  return api<ResponseBody<'/api/voucher-batches', 'post'>>('/api/voucher-batches', {
    method: 'POST',
    body: input,
  });
}

export function updateVoucherBatch(
  id: string,
  input: RequestBody<'/api/voucher-batches/{id}', 'patch'>,
) {
  return api<ResponseBody<'/api/voucher-batches/{id}', 'patch'>>(
    `/api/voucher-batches/${encodeURIComponent(id)}`,
    {
      method: 'PATCH',
      body: input,
    },
  );
}

export function issueVoucherBatch(id: string) {
  return api<ResponseBody<'/api/voucher-batches/{id}/issue', 'post'>>(
    `/api/voucher-batches/${encodeURIComponent(id)}/issue`,
    { method: 'POST' },
  );
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Paged, QueryOf, RequestBody, ResponseBody } from './contract';

/** The Data Bureau's review queues: certifications and claims (第十条). */

type CertificationQueue = ResponseBody<'/api/reviews/certifications'>;
export type QueueCounts = CertificationQueue['counts'];

/** The queue the reviewer looks at: one status is always chosen. */
export type QueueFilter = Paged<QueryOf<'/api/reviews/certifications'>> &
  Required<Pick<QueryOf<'/api/reviews/certifications'>, 'status'>>;

// ── Certifications ─────────────────────────────────────────────────────────────────────

export type CertificationQueueItem = CertificationQueue['items'][number];
export type CertificationReview = ResponseBody<'/api/reviews/certifications/{id}'>['certification'];
export type ReviewCertificationRound = CertificationReview['rounds'][number];
export type RealNameCheck = ReviewCertificationRound['realNameCheck'];
export type ListComparison = ReviewCertificationRound['listComparison'];
export type RevealField = RequestBody<'/api/reviews/certifications/{id}/reveal'>['field'];

export const certificationReviewsKey = ['reviews', 'certifications'] as const;

export function useCertificationQueue(filter: QueueFilter) {
  return useQuery({
    queryKey: [...certificationReviewsKey, 'queue', filter],
    queryFn: ({ signal }) =>
      api<CertificationQueue>('/api/reviews/certifications', { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCertificationReview(id: string | null) {
  return useQuery({
    queryKey: [...certificationReviewsKey, 'detail', id],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/reviews/certifications/{id}'>>(
        `/api/reviews/certifications/${encodeURIComponent(id ?? '')}`,
        { signal },
      ),
    enabled: id !== null,
  });
}

export function revealCertificationField(id: string, roundNo: number, field: RevealField) {
  return api<ResponseBody<'/api/reviews/certifications/{id}/reveal', 'post'>>(
    `/api/reviews/certifications/${encodeURIComponent(id)}/reveal`,
    { method: 'POST', body: { field, roundNo } },
  );
}

export function approveCertification(id: string, roundNo: number) {
  return api<ResponseBody<'/api/reviews/certifications/{id}/approve', 'post'>>(
    `/api/reviews/certifications/${encodeURIComponent(id)}/approve`,
    {
      method: 'POST',
      body: { roundNo },
    },
  );
}

export function returnCertification(id: string, roundNo: number, reason: string) {
  return api<ResponseBody<'/api/reviews/certifications/{id}/return', 'post'>>(
    `/api/reviews/certifications/${encodeURIComponent(id)}/return`,
    {
      method: 'POST',
      body: { roundNo, reason },
    },
  );
}

// ── Claims ─────────────────────────────────────────────────────────────────────────────

export type ClaimQueueItem = ResponseBody<'/api/reviews/claims'>['items'][number];
export type ClaimReview = ResponseBody<'/api/reviews/claims/{id}'>;
export type Checks = ClaimReview['checks'];

export const claimReviewsKey = ['reviews', 'claims'] as const;

export type ClaimQueueFilter = Paged<QueryOf<'/api/reviews/claims'>> &
  Required<Pick<QueryOf<'/api/reviews/claims'>, 'status'>>;

export function useClaimQueue(filter: ClaimQueueFilter) {
  return useQuery({
    queryKey: [...claimReviewsKey, 'queue', filter],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/reviews/claims'>>('/api/reviews/claims', {
        query: { ...filter },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useClaimReview(id: string | null) {
  return useQuery({
    queryKey: [...claimReviewsKey, 'detail', id],
    queryFn: ({ signal }) =>
      api<ClaimReview>(`/api/reviews/claims/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
  });
}

export function approveClaim(id: string) {
  return api<ResponseBody<'/api/reviews/claims/{id}/approve', 'post'>>(
    `/api/reviews/claims/${encodeURIComponent(id)}/approve`,
    {
      method: 'POST',
    },
  );
}

export function returnClaim(id: string, reason: string) {
  return api<ResponseBody<'/api/reviews/claims/{id}/return', 'post'>>(
    `/api/reviews/claims/${encodeURIComponent(id)}/return`,
    {
      method: 'POST',
      body: { reason },
    },
  );
}

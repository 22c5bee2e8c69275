import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Certification, CertificationRound, ReviewStatus, StoredFile } from './enterprise';

/** The Data Bureau's review queues: certifications and claims (第十条). */

export interface QueueCounts {
  submitted: number;
  returned: number;
  approved: number;
}

export interface QueueFilter {
  status: ReviewStatus;
  q?: string;
  page: number;
  pageSize: number;
}

// ── Certifications ─────────────────────────────────────────────────────────────────────

export interface CertificationQueueItem {
  id: string;
  organisationId: string;
  enterpriseName: string;
  creditCode: string;
  agentName: string;
  status: ReviewStatus;
  roundNo: number;
  submittedAt: string;
  updatedAt: string;
  onList: boolean;
  nameMatches: boolean | null;
  realNameOk: boolean;
}

export interface RealNameCheck {
  provider: string;
  ok: boolean;
  nameChecked: boolean;
  reason: string | null;
  message: string;
  checkedAt: string;
}

export interface ListComparison {
  onList: boolean;
  entryId: string | null;
  listYear: number | null;
  star: number | null;
  listName: string | null;
  county: string | null;
  batchTitle: string | null;
  nameMatches: boolean | null;
  differences: { field: string; submitted: string; listed: string }[];
  comparedAt: string;
}

export interface ReviewCertificationRound extends CertificationRound {
  submittedBy: { id: string; name: string };
  reviewedBy: { id: string; name: string } | null;
  realNameCheck: RealNameCheck;
  listComparison: ListComparison;
}

export type RevealField = 'agentIdNumber' | 'agentMobile' | 'contactPhone';

export const certificationReviewsKey = ['reviews', 'certifications'] as const;

export function useCertificationQueue(filter: QueueFilter) {
  return useQuery({
    queryKey: [...certificationReviewsKey, 'queue', filter],
    queryFn: ({ signal }) =>
      api<{ items: CertificationQueueItem[]; total: number; counts: QueueCounts }>(
        '/api/reviews/certifications',
        { query: { ...filter }, signal },
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCertificationReview(id: string | null) {
  return useQuery({
    queryKey: [...certificationReviewsKey, 'detail', id],
    queryFn: ({ signal }) =>
      api<{ certification: Certification<ReviewCertificationRound> }>(
        `/api/reviews/certifications/${encodeURIComponent(id ?? '')}`,
        { signal },
      ),
    enabled: id !== null,
  });
}

export function revealCertificationField(id: string, roundNo: number, field: RevealField) {
  return api<{ field: RevealField; roundNo: number; value: string }>(
    `/api/reviews/certifications/${encodeURIComponent(id)}/reveal`,
    { method: 'POST', body: { field, roundNo } },
  );
}

export function approveCertification(id: string, roundNo: number) {
  return api<unknown>(`/api/reviews/certifications/${encodeURIComponent(id)}/approve`, {
    method: 'POST',
    body: { roundNo },
  });
}

export function returnCertification(id: string, roundNo: number, reason: string) {
  return api<unknown>(`/api/reviews/certifications/${encodeURIComponent(id)}/return`, {
    method: 'POST',
    body: { roundNo, reason },
  });
}

// ── Claims ─────────────────────────────────────────────────────────────────────────────

export interface ClaimQueueItem {
  id: string;
  enterpriseName: string;
  creditCode: string;
  listYear: number;
  star: number;
  amount: number;
  status: ReviewStatus;
  roundNo: number;
  submittedAt: string;
  checksOk: boolean;
}

export interface Checks {
  ok: boolean;
  items: { key: string; ok: boolean; message: string; blocking: boolean; code: string | null }[];
}

export interface ClaimReview {
  id: string;
  status: ReviewStatus;
  listYear: number;
  star: number;
  amount: number;
  roundNo: number;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  enterprise: {
    organisationId: string;
    name: string;
    creditCode: string | null;
    certifiedAt: string | null;
  };
  entry: {
    id: string;
    enterpriseName: string;
    creditCode: string;
    star: number;
    listYear: number;
    city: string;
    county: string;
    seqNo: number;
    batchNo: number;
    batchTitle: string;
    publishedAt: string | null;
  };
  plan: {
    id: string;
    title: string | null;
    claimOpensAt: string;
    claimClosesAt: string;
    budgetBalance: number;
  } | null;
  rounds: {
    roundNo: number;
    contract: StoredFile;
    submittedAt: string;
    decision: 'approved' | 'returned' | null;
    reason: string | null;
    reviewedAt: string | null;
    submittedBy: string | null;
    reviewedBy: string | null;
    checks: Checks | null;
  }[];
  checks: Checks;
  certification: {
    status: ReviewStatus;
    roundNo: number;
    enterpriseName: string;
    creditCode: string;
    legalRepresentative: string;
    address: string;
    contactName: string;
    agentName: string;
    agentMobileMasked: string;
    submittedAt: string;
    reviewedAt: string | null;
    licenceFileUrl: string;
    authorisationFileUrl: string;
  } | null;
  voucher: {
    voucherId: string;
    amount: number;
    grantedAt: string;
    tranches: { seq: number; amount: number; activeFrom: string; expiresAt: string }[];
  } | null;
}

export const claimReviewsKey = ['reviews', 'claims'] as const;

export function useClaimQueue(filter: QueueFilter & { year?: number }) {
  return useQuery({
    queryKey: [...claimReviewsKey, 'queue', filter],
    queryFn: ({ signal }) =>
      api<{ items: ClaimQueueItem[]; total: number; counts: QueueCounts }>('/api/reviews/claims', {
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
  return api<ClaimReview>(`/api/reviews/claims/${encodeURIComponent(id)}/approve`, {
    method: 'POST',
  });
}

export function returnClaim(id: string, reason: string) {
  return api<ClaimReview>(`/api/reviews/claims/${encodeURIComponent(id)}/return`, {
    method: 'POST',
    body: { reason },
  });
}

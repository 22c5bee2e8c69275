import { useQuery } from '@tanstack/react-query';
import { api, apiUpload } from './client';

/** Registration, certification and claims: the enterprise journey (第十条: 注册、认证、认领). */

export type ReviewStatus = 'submitted' | 'returned' | 'approved';

export interface StoredFile {
  id: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** `/api/files/:id`, viewable inline. */
  url: string;
}

// ── Registration ───────────────────────────────────────────────────────────────────────

export interface CodeSent {
  sentTo: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
  demoCode?: string;
}

export interface Terms {
  version: string;
  title: string;
  text: string;
}

export interface RegisterInput {
  mobile: string;
  code: string;
  password: string;
  name: string;
  email?: string;
  acceptTerms: boolean;
  termsVersion: string;
}

export function useTerms() {
  return useQuery({
    queryKey: ['registration', 'terms'],
    queryFn: ({ signal }) => api<Terms>('/api/registration/terms', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function sendRegistrationCode(mobile: string) {
  return api<CodeSent>('/api/registration/codes', {
    method: 'POST',
    body: { mobile },
    skipSessionRedirect: true,
  });
}

export function register(input: RegisterInput) {
  return api<{ status: 'signed-in' }>('/api/registration', {
    method: 'POST',
    body: input,
    skipSessionRedirect: true,
  });
}

// ── Certification ──────────────────────────────────────────────────────────────────────

export interface CertificationRound {
  roundNo: number;
  enterpriseName: string;
  creditCode: string;
  legalRepresentative: string;
  address: string;
  contactName: string;
  contactPhone: string;
  agentName: string;
  agentIdNumber: string;
  agentMobile: string;
  licenceFile: StoredFile;
  authorisationFile: StoredFile;
  submittedAt: string;
  decision: 'approved' | 'returned' | null;
  reason: string | null;
  reviewedAt: string | null;
}

export interface CertificationOrganisation {
  id: string;
  name: string;
  creditCode: string | null;
  certifiedAt: string | null;
}

export interface Certification<R = CertificationRound> {
  id: string;
  status: ReviewStatus;
  currentRound: number;
  createdAt: string;
  updatedAt: string;
  organisation: CertificationOrganisation;
  /** Newest first. */
  rounds: R[];
}

export interface OwnCertification {
  organisation: CertificationOrganisation;
  certification: Certification | null;
  canSubmit: boolean;
}

export interface CertificationInput {
  enterpriseName: string;
  creditCode: string;
  legalRepresentative: string;
  address: string;
  contactName: string;
  contactPhone: string;
  agentName: string;
  agentIdNumber?: string;
  agentMobile?: string;
  licenceFileId: string;
  authorisationFileId: string;
}

export type CertificationPurpose = 'business_licence' | 'authorisation_letter';

export const ownCertificationKey = ['certification', 'own'] as const;

export function useOwnCertification() {
  return useQuery({
    queryKey: ownCertificationKey,
    queryFn: ({ signal }) => api<OwnCertification>('/api/certification', { signal }),
  });
}

export function uploadCertificationFile(file: File, purpose: CertificationPurpose) {
  return apiUpload<StoredFile & { purpose: CertificationPurpose }>(
    '/api/certification/files',
    file,
    { purpose },
  );
}

export function submitCertification(input: CertificationInput) {
  return api<{ certification: Certification }>('/api/certification', {
    method: 'POST',
    body: input,
  });
}

export const AUTHORISATION_TEMPLATE_PATH = '/api/certification/authorisation-letter-template.pdf';

// ── Claims ─────────────────────────────────────────────────────────────────────────────

export interface Offer {
  entryId: string;
  listYear: number;
  star: number;
  amount: number;
  enterpriseName: string;
  creditCode: string;
  city: string;
  county: string;
  planId: string;
  claimOpensAt: string;
  claimClosesAt: string;
  windowOpen: boolean;
  claimInstructions: string;
  claim: { id: string; status: ReviewStatus } | null;
}

export interface OffersResponse {
  certified: boolean;
  hint: string | null;
  offers: Offer[];
}

export interface ClaimRound {
  roundNo: number;
  contract: StoredFile;
  submittedAt: string;
  decision: 'approved' | 'returned' | null;
  reason: string | null;
  reviewedAt: string | null;
}

export interface Claim {
  id: string;
  entryId: string;
  listYear: number;
  star: number;
  amount: number;
  enterpriseName: string;
  creditCode: string;
  status: ReviewStatus;
  roundNo: number;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  voucherId: string | null;
  rounds: ClaimRound[];
}

export const claimsKey = ['claims'] as const;

export function useOffers() {
  return useQuery({
    queryKey: [...claimsKey, 'offers'],
    queryFn: ({ signal }) => api<OffersResponse>('/api/claims/offers', { signal }),
  });
}

export function useOwnClaims() {
  return useQuery({
    queryKey: [...claimsKey, 'own'],
    queryFn: ({ signal }) => api<{ items: Claim[] }>('/api/claims', { signal }),
  });
}

export function uploadContract(file: File) {
  return apiUpload<StoredFile>('/api/claims/contracts', file, { purpose: 'service_contract' });
}

export function submitClaim(entryId: string, contractFileId: string) {
  return api<Claim>('/api/claims', { method: 'POST', body: { entryId, contractFileId } });
}

export function resubmitClaim(id: string, contractFileId: string) {
  return api<Claim>(`/api/claims/${encodeURIComponent(id)}/resubmit`, {
    method: 'POST',
    body: { contractFileId },
  });
}

import { useQuery } from '@tanstack/react-query';
import { api, apiUpload } from './client';
import type { RequestBody, ResponseBody } from './contract';

/** Registration, certification and claims: the enterprise journey (第十条: 注册、认证、认领). */

/** A stored upload; `url` (`/api/files/:id`) is viewable inline. */
export type StoredFile = ResponseBody<'/api/claims/contracts', 'post'>;

// ── Registration ───────────────────────────────────────────────────────────────────────

export type CodeSent = ResponseBody<'/api/registration/codes', 'post'>;

export type Terms = ResponseBody<'/api/registration/terms'>;

export type RegisterInput = RequestBody<'/api/registration'>;

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
  return api<ResponseBody<'/api/registration', 'post'>>('/api/registration', {
    method: 'POST',
    body: input,
    skipSessionRedirect: true,
  });
}

// ── Certification ──────────────────────────────────────────────────────────────────────

export type OwnCertification = ResponseBody<'/api/certification'>;
export type CertificationOrganisation = OwnCertification['organisation'];
/** The enterprise's own certification; rounds newest first. */
export type Certification = NonNullable<OwnCertification['certification']>;
export type CertificationRound = Certification['rounds'][number];
export type ReviewStatus = Certification['status'];
export type CertificationInput = RequestBody<'/api/certification'>;
export type CertificationUpload = ResponseBody<'/api/certification/files', 'post'>;
export type CertificationPurpose = CertificationUpload['purpose'];

export const ownCertificationKey = ['certification', 'own'] as const;

export function useOwnCertification() {
  return useQuery({
    queryKey: ownCertificationKey,
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/certification'>>('/api/certification', { signal }),
  });
}

export type CreditCodeListing = ResponseBody<'/api/certification/listing'>;

/** Whether a (well-formed) credit code is on a published star list; idle until it is whole. */
export function useCreditCodeListing(creditCode: string | undefined) {
  return useQuery({
    queryKey: ['certification', 'listing', creditCode],
    queryFn: ({ signal }) =>
      api<CreditCodeListing>(
        `/api/certification/listing?creditCode=${encodeURIComponent(creditCode ?? '')}`,
        { signal },
      ),
    enabled: creditCode !== undefined,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function uploadCertificationFile(file: File, purpose: CertificationPurpose) {
  return apiUpload<CertificationUpload>('/api/certification/files', file, { purpose });
}

export function submitCertification(input: CertificationInput) {
  return api<ResponseBody<'/api/certification', 'post'>>('/api/certification', {
    method: 'POST',
    body: input,
  });
}

export const AUTHORISATION_TEMPLATE_PATH = '/api/certification/authorisation-letter-template.pdf';

// ── Claims ─────────────────────────────────────────────────────────────────────────────

export type OffersResponse = ResponseBody<'/api/claims/offers'>;
export type Offer = OffersResponse['offers'][number];
export type Claim = ResponseBody<'/api/claims', 'post'>;
export type ClaimRound = Claim['rounds'][number];

export const claimsKey = ['claims'] as const;

export function useOffers() {
  return useQuery({
    queryKey: [...claimsKey, 'offers'],
    queryFn: ({ signal }) =>
      api<ResponseBody<'/api/claims/offers'>>('/api/claims/offers', { signal }),
  });
}

export function useOwnClaims() {
  return useQuery({
    queryKey: [...claimsKey, 'own'],
    queryFn: ({ signal }) => api<ResponseBody<'/api/claims'>>('/api/claims', { signal }),
  });
}

export function uploadContract(file: File) {
  return apiUpload<ResponseBody<'/api/claims/contracts', 'post'>>('/api/claims/contracts', file, {
    purpose: 'service_contract',
  });
}

export function submitClaim(entryId: string, contractFileId: string) {
  return api<ResponseBody<'/api/claims', 'post'>>('/api/claims', {
    method: 'POST',
    body: { entryId, contractFileId },
  });
}

export function resubmitClaim(id: string, contractFileId: string) {
  return api<ResponseBody<'/api/claims/{id}/resubmit', 'post'>>(
    `/api/claims/${encodeURIComponent(id)}/resubmit`,
    {
      method: 'POST',
      body: { contractFileId },
    },
  );
}

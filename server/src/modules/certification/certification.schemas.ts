/**
 * Request and response shapes of the certification routes, and the presenters. Personal data
 * leaves only masked (agentIdNumber 110***********002X, agentMobile and contactPhone
 * 138****1234); the reveal route is the one way to a plain value, for reviewers, audited.
 * The enterprise sees its rounds with the reviewer's decisions; reviewers also see who
 * submitted and decided, the real-name check and the star-list comparison.
 */
import { z } from 'zod';
import { isValidCreditCode, normaliseCreditCode } from '../../domain/identifiers.js';
import { humanName } from '../../domain/names.js';
import type { CertificationRecord, FileMeta, RoundRecord } from './certification.records.js';
import type { Queue, QueueItem } from './certification-review.service.js';

const instant = z.iso.datetime();
const id = z.string().trim().min(1).max(100);
const text = (max: number, min = 1) => z.string().trim().min(min).max(max);
const status = z.enum(['submitted', 'returned', 'approved']);

// ── Requests ───────────────────────────────────────────────────────────────────────────────

const creditCode = z
  .string()
  .transform(normaliseCreditCode)
  .refine(isValidCreditCode, {
    message: '统一社会信用代码无效（应为 18 位，且校验位相符）',
    params: { reason: 'credit-code' },
  });

export const submitCertificationBody = z.object({
  enterpriseName: humanName(100, 2),
  creditCode,
  legalRepresentative: humanName(50),
  address: text(200, 2),
  contactName: humanName(50),
  /** Required the first time; on a resubmission, omit (or leave empty) to keep the previous. */
  contactPhone: z
    .string()
    .trim()
    .regex(/^([0-9+\-() ]{7,20})?$/, '联系电话格式错误（7–20 位数字，可含 + - 括号和空格）')
    .optional(),
  agentName: humanName(50),
  /** Required the first time; on a resubmission, omit to keep the previous round's. */
  agentIdNumber: z.string().trim().max(30).optional(),
  agentMobile: z.string().trim().max(20).optional(),
  licenceFileId: id,
  authorisationFileId: id,
});

export const listingQuery = z.object({ creditCode });

export const listingResponse = z
  .object({
    creditCode: z.string(),
    /** Years whose published star list names the code, newest first; empty: none does. */
    publishedYears: z.array(z.int()),
  })
  .meta({ id: 'CreditCodeListing' });

export const queueQuery = z.object({
  status: status.optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const idParams = z.object({ id });

export const roundNo = z.number().int().min(1).max(10_000);
export const approveBody = z.object({ roundNo });
export const returnBody = z.object({
  roundNo,
  reason: text(500, 2).describe('退回原因，至少 2 个字'),
});
export const revealBody = z.object({
  field: z.enum(['agentIdNumber', 'agentMobile', 'contactPhone']),
  roundNo,
});

// ── Responses ──────────────────────────────────────────────────────────────────────────────

const fileSchema = z.object({
  id: z.string(),
  originalName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Viewable inline in the browser by the enterprise and by reviewers. */
  url: z.string(),
});

export const uploadedFileResponse = z.object({
  id: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  originalName: z.string(),
  purpose: z.enum(['business_licence', 'authorisation_letter']),
  url: z.string(),
});

const roundSchema = z.object({
  roundNo: z.number().int(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  legalRepresentative: z.string(),
  address: z.string(),
  contactName: z.string(),
  /** Masked. */
  contactPhone: z.string(),
  agentName: z.string(),
  /** Masked: first 3 and last 4 characters. */
  agentIdNumber: z.string(),
  /** Masked: 138****1234. */
  agentMobile: z.string(),
  licenceFile: fileSchema,
  authorisationFile: fileSchema,
  submittedAt: instant,
  decision: z.enum(['approved', 'returned']).nullable(),
  reason: z.string().nullable(),
  reviewedAt: instant.nullable(),
});

const person = z.object({ id: z.string(), name: z.string() });

const realNameCheckSchema = z.object({
  provider: z.string(),
  ok: z.boolean(),
  nameChecked: z.boolean(),
  reason: z.string().nullable(),
  message: z.string(),
  checkedAt: z.string(),
});

const listComparisonSchema = z.object({
  onList: z.boolean(),
  entryId: z.string().nullable(),
  listYear: z.number().int().nullable(),
  star: z.number().int().nullable(),
  listName: z.string().nullable(),
  county: z.string().nullable(),
  batchTitle: z.string().nullable(),
  nameMatches: z.boolean().nullable(),
  differences: z.array(z.object({ field: z.string(), submitted: z.string(), listed: z.string() })),
  comparedAt: z.string(),
});

const reviewRoundSchema = roundSchema.extend({
  submittedBy: person,
  reviewedBy: person.nullable(),
  realNameCheck: realNameCheckSchema,
  listComparison: listComparisonSchema,
});

const organisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  certifiedAt: instant.nullable(),
});

const certificationFields = {
  id: z.string(),
  status,
  currentRound: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
  organisation: organisationSchema,
};

const enterpriseCertificationSchema = z.object({
  ...certificationFields,
  /** Newest first. */
  rounds: z.array(roundSchema),
});

const reviewCertificationSchema = z.object({
  ...certificationFields,
  rounds: z.array(reviewRoundSchema),
});

export const ownCertificationResponse = z.object({
  organisation: organisationSchema,
  certification: enterpriseCertificationSchema.nullable(),
  canSubmit: z.boolean(),
});

export const certificationResponse = z.object({ certification: enterpriseCertificationSchema });
export const reviewCertificationResponse = z.object({
  certification: reviewCertificationSchema,
});

const queueItemSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  agentName: z.string(),
  status,
  roundNo: z.number().int(),
  submittedAt: instant,
  updatedAt: instant,
  onList: z.boolean(),
  nameMatches: z.boolean().nullable(),
  realNameOk: z.boolean(),
});

export const queueResponse = z.object({
  items: z.array(queueItemSchema),
  total: z.number().int(),
  counts: z.object({
    submitted: z.number().int(),
    returned: z.number().int(),
    approved: z.number().int(),
  }),
});

export const revealResponse = z.object({
  field: z.enum(['agentIdNumber', 'agentMobile', 'contactPhone']),
  roundNo: z.number().int(),
  value: z.string(),
});

// ── Presenters ─────────────────────────────────────────────────────────────────────────────

export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`;

function presentFile(file: FileMeta): z.infer<typeof fileSchema> {
  return { ...file, url: fileUrl(file.id) };
}

function presentRound(round: RoundRecord): z.infer<typeof roundSchema> {
  return {
    roundNo: round.roundNo,
    enterpriseName: round.enterpriseName,
    creditCode: round.creditCode,
    legalRepresentative: round.legalRepresentative,
    address: round.address,
    contactName: round.contactName,
    contactPhone: round.contactPhoneMasked,
    agentName: round.agentName,
    agentIdNumber: round.agentIdNumberMasked,
    agentMobile: round.agentMobileMasked,
    licenceFile: presentFile(round.licenceFile),
    authorisationFile: presentFile(round.authorisationFile),
    submittedAt: round.submittedAt.toISOString(),
    decision: round.decision,
    reason: round.reason,
    reviewedAt: round.reviewedAt?.toISOString() ?? null,
  };
}

function presentOrganisation(organisation: CertificationRecord['organisation']) {
  return {
    id: organisation.id,
    name: organisation.name,
    creditCode: organisation.creditCode,
    certifiedAt: organisation.certifiedAt?.toISOString() ?? null,
  };
}

function certificationBase(record: CertificationRecord) {
  return {
    id: record.id,
    status: record.status,
    currentRound: record.currentRound,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    organisation: presentOrganisation(record.organisation),
  };
}

export function presentForEnterprise(
  record: CertificationRecord,
): z.infer<typeof enterpriseCertificationSchema> {
  return { ...certificationBase(record), rounds: record.rounds.map(presentRound) };
}

export function presentForReviewer(
  record: CertificationRecord,
): z.infer<typeof reviewCertificationSchema> {
  return {
    ...certificationBase(record),
    rounds: record.rounds.map((round) => ({
      ...presentRound(round),
      submittedBy: round.submittedBy,
      reviewedBy: round.reviewedBy,
      realNameCheck: round.realNameCheck,
      listComparison: round.listComparison,
    })),
  };
}

export function presentOwn(own: {
  organisation: CertificationRecord['organisation'];
  certification: CertificationRecord | null;
  canSubmit: boolean;
}): z.infer<typeof ownCertificationResponse> {
  return {
    organisation: presentOrganisation(own.organisation),
    certification: own.certification ? presentForEnterprise(own.certification) : null,
    canSubmit: own.canSubmit,
  };
}

function presentQueueItem(item: QueueItem): z.infer<typeof queueItemSchema> {
  return {
    ...item,
    submittedAt: item.submittedAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export function presentQueue(queue: Queue): z.infer<typeof queueResponse> {
  return { items: queue.items.map(presentQueueItem), total: queue.total, counts: queue.counts };
}

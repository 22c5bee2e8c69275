/** Request and response shapes of the claim routes (the UI builds from these). */
import { z } from 'zod';

const id = z.string().trim().min(1).max(64);
const status = z.enum(['submitted', 'returned', 'approved']);

export const claimParams = z.object({ id });

export const offersQuery = z.object({
  listYear: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const submitBody = z.strictObject({ entryId: id, contractFileId: id });
export const resubmitBody = z.strictObject({ contractFileId: id });
export const returnBody = z.strictObject({
  reason: z.string().trim().min(1, '请填写退回原因').max(500, '退回原因不超过 500 字'),
});

export const queueQuery = z.object({
  status: status.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const fileMeta = z.object({
  id: z.string(),
  originalName: z.string(),
  mediaType: z.string(),
  size: z.int(),
  sha256: z.string(),
  url: z.string(),
});

export const checks = z.object({
  ok: z.boolean(),
  items: z.array(
    z.object({
      key: z.string(),
      ok: z.boolean(),
      message: z.string(),
      blocking: z.boolean(),
      code: z.string().nullable(),
    }),
  ),
});

export const offersResponse = z.object({
  certified: z.boolean(),
  hint: z.string().nullable(),
  offers: z.array(
    z.object({
      entryId: z.string(),
      listYear: z.int(),
      star: z.int(),
      amount: z.int(),
      enterpriseName: z.string(),
      creditCode: z.string(),
      city: z.string(),
      county: z.string(),
      planId: z.string(),
      claimOpensAt: z.string(),
      claimClosesAt: z.string(),
      windowOpen: z.boolean(),
      claimInstructions: z.string(),
      claim: z.object({ id: z.string(), status }).nullable(),
    }),
  ),
});

const round = z.object({
  roundNo: z.int(),
  contract: fileMeta,
  submittedAt: z.string(),
  decision: z.enum(['approved', 'returned']).nullable(),
  reason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});

export const claimView = z.object({
  id: z.string(),
  entryId: z.string(),
  listYear: z.int(),
  star: z.int(),
  amount: z.int(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  status,
  roundNo: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  approvedAt: z.string().nullable(),
  voucherId: z.string().nullable(),
  rounds: z.array(round),
});

export const ownClaimsResponse = z.object({ items: z.array(claimView) });

export const queueResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      enterpriseName: z.string(),
      creditCode: z.string(),
      listYear: z.int(),
      star: z.int(),
      amount: z.int(),
      status,
      roundNo: z.int(),
      submittedAt: z.string(),
      checksOk: z.boolean(),
    }),
  ),
  total: z.int(),
  counts: z.object({ submitted: z.int(), returned: z.int(), approved: z.int() }),
});

export const reviewView = z.object({
  id: z.string(),
  status,
  listYear: z.int(),
  star: z.int(),
  amount: z.int(),
  roundNo: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  approvedAt: z.string().nullable(),
  enterprise: z.object({
    organisationId: z.string(),
    name: z.string(),
    creditCode: z.string().nullable(),
    certifiedAt: z.string().nullable(),
  }),
  entry: z.object({
    id: z.string(),
    enterpriseName: z.string(),
    creditCode: z.string(),
    star: z.int(),
    listYear: z.int(),
    city: z.string(),
    county: z.string(),
    seqNo: z.int(),
    batchNo: z.int(),
    batchTitle: z.string(),
    publishedAt: z.string().nullable(),
  }),
  plan: z
    .object({
      id: z.string(),
      title: z.string().nullable(),
      claimOpensAt: z.string(),
      claimClosesAt: z.string(),
      budgetBalance: z.int(),
    })
    .nullable(),
  rounds: z.array(
    round.extend({
      submittedBy: z.string().nullable(),
      reviewedBy: z.string().nullable(),
      checks: checks.nullable(),
    }),
  ),
  checks,
  certification: z
    .object({
      status,
      roundNo: z.int(),
      enterpriseName: z.string(),
      creditCode: z.string(),
      legalRepresentative: z.string(),
      address: z.string(),
      contactName: z.string(),
      agentName: z.string(),
      agentMobileMasked: z.string(),
      submittedAt: z.string(),
      reviewedAt: z.string().nullable(),
      licenceFileUrl: z.string(),
      authorisationFileUrl: z.string(),
    })
    .nullable(),
  voucher: z
    .object({
      voucherId: z.string(),
      amount: z.int(),
      grantedAt: z.string(),
      tranches: z.array(
        z.object({
          seq: z.int(),
          amount: z.int(),
          activeFrom: z.string(),
          expiresAt: z.string(),
        }),
      ),
    })
    .nullable(),
});

/** Request and response shapes of the redemption package and chain routes (→ generated UI types). */
import { z } from 'zod';
import { REDEMPTION_STATUSES } from '../../db/schema/redemption-chain.js';

const fen = z.int();
export const yearParams = z.object({
  year: z.coerce.number({ error: '年度须为数字，如 2025' }).int().min(2000).max(2999),
});
export const buildParams = z.object({ buildId: z.uuid({ error: '不是有效的材料编号' }) });
export const submissionParams = z.object({ id: z.uuid({ error: '不是有效的申请编号' }) });
export const lineParams = submissionParams.extend({
  lineNo: z.coerce.number().int().min(1).max(10_000_000),
});
export const buildLineParams = buildParams.extend({
  lineNo: z.coerce.number().int().min(1).max(10_000_000),
});
const version = z.int().min(1);
const totpCode = z.string().trim().max(10).optional();
const comment = z.string().trim().max(500).optional();

const totalsSchema = z.object({
  byStar: z.record(
    z.string(),
    z.object({ vouchers: z.int(), deducted: fen, reversed: fen, net: fen }),
  ),
  byCategory: z.record(z.string(), fen),
  net: fen,
  deducted: fen,
  reversed: fen,
  vouchers: z.int(),
  ledgerNet: fen,
});

export const buildSchema = z
  .object({
    id: z.string(),
    settlementYear: z.int(),
    kind: z.enum(['preview', 'final']),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    progress: z.int(),
    asOf: z.string(),
    requestedBy: z.string(),
    requestedByName: z.string().nullable(),
    requestedAt: z.string(),
    finishedAt: z.string().nullable(),
    errorCode: z.string().nullable(),
    totals: totalsSchema.nullable(),
    netWriteOff: fen.nullable(),
    voucherCount: z.int().nullable(),
    transferCount: z.int().nullable(),
    exceptionCount: z.int().nullable(),
    buildExceptions: z.array(z.string()),
    workbook: z.object({ fileId: z.string(), sha256: z.string() }).nullable(),
    pdf: z.object({ fileId: z.string(), sha256: z.string() }).nullable(),
  })
  .meta({ id: 'RedemptionBuild' });

export const lineSchema = z
  .object({
    lineNo: z.int(),
    voucherId: z.string(),
    enterpriseId: z.string(),
    creditCode: z.string(),
    enterpriseName: z.string(),
    star: z.int(),
    listYear: z.int(),
    granted: fen,
    deducted: fen,
    reversed: fen,
    netWriteOff: fen,
    voided: fen,
    balanceAtYearEnd: fen,
    exceptionCodes: z.array(z.string()),
    /** Anomaly flags: for a second look, no bar to accepting in bulk. */
    warningCodes: z.array(z.string()),
    decision: z
      .object({
        decision: z.enum(['accept', 'reject', 'reduce']),
        recognised: fen,
        reason: z.string().nullable(),
        decidedByName: z.string(),
        decidedAt: z.string(),
      })
      .nullable()
      .optional(),
  })
  .meta({ id: 'RedemptionLine' });

export const submissionSchema = z
  .object({
    id: z.string(),
    settlementYear: z.int(),
    roundNo: z.int(),
    buildId: z.string(),
    status: z.enum(REDEMPTION_STATUSES),
    version: z.int(),
    netWriteOff: fen,
    recognised: fen.nullable(),
    recognisedSoFar: fen,
    lines: z.int(),
    decidedLines: z.int(),
    linesWithExceptions: z.int(),
    attestedByName: z.string(),
    attestedAt: z.string(),
    declaration: z.string(),
    workbookSha256: z.string(),
    pdfSha256: z.string(),
    sentToFinanceAt: z.string().nullable(),
    paymentDueOn: z.string().nullable(),
    overdue: z.boolean(),
    payment: z
      .object({
        amount: fen,
        paidOn: z.string(),
        reference: z.string(),
        recordedByName: z.string(),
        recordedAt: z.string(),
      })
      .nullable(),
    steps: z.array(
      z.object({
        action: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string(),
        actorName: z.string(),
        actorRole: z.string(),
        comment: z.string().nullable(),
        documentsSha256: z.array(z.string()),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'RedemptionSubmission' });

export const yearsResponse = z.object({
  years: z.array(
    z.object({
      year: z.int(),
      ended: z.boolean(),
      netWriteOff: fen,
      latestBuild: buildSchema.nullable(),
      submissions: z.array(submissionSchema),
    }),
  ),
  declaration: z.string(),
});

export const startBuildBody = z.object({ kind: z.enum(['preview', 'final']) }).strict();
export const linesQuery = z.object({
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  exceptionsOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});
export const linesResponse = z.object({
  lines: z.array(lineSchema),
  nextCursor: z.int().nullable(),
});
export const lineTransfersResponse = z.object({
  items: z.array(
    z.object({
      type: z.enum(['deduction', 'reversal']),
      id: z.string(),
      at: z.string(),
      orderNo: z.string(),
      category: z.string(),
      amount: fen,
    }),
  ),
});

export const submitBody = z
  .object({
    buildId: z.uuid({ error: '请选择要提交的正式兑现材料' }),
    password: z.string().min(1, '请输入登录密码').max(200),
    totpCode,
    declaration: z.literal(true, { error: '请阅读并勾选承诺书' }),
  })
  .strict();
export const decisionBody = z
  .object({
    decision: z.enum(['accept', 'reject', 'reduce']),
    recognised: fen.min(0).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export const approveBody = z.object({ version, totpCode, comment }).strict();
export const versionBody = z.object({ version, comment }).strict();
export const returnBody = z
  .object({ version, reason: z.string().trim().min(1, '请填写退回原因').max(500) })
  .strict();
export const payBody = z
  .object({
    version,
    amount: fen.min(0),
    paidOn: z.iso.date({ error: '须为日期（如 2026-01-31）' }),
    reference: z.string().trim().min(1, '请填写支付凭证号').max(64),
  })
  .strict();
export const listQuery = z.object({ status: z.enum(REDEMPTION_STATUSES).optional() });

export const aggregateResponse = z
  .object({
    submission: submissionSchema,
    byEnterprise: z.array(
      z.object({
        creditCode: z.string(),
        enterpriseName: z.string(),
        star: z.int(),
        listYear: z.int(),
        netWriteOff: fen,
        recognised: fen,
      }),
    ),
    byStar: z.array(z.object({ star: z.int(), enterprises: z.int(), recognised: fen })),
    byListYear: z.array(z.object({ listYear: z.int(), enterprises: z.int(), recognised: fen })),
  })
  .meta({ id: 'RedemptionAggregate' });

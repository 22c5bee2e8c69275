/**
 * The open API's request and response shapes (open-api.md). These zod schemas validate
 * requests, serialise responses and generate /api/open/v1/openapi.json: one source.
 * Changing a field here changes a public contract. The shapes the clerk's 核销 page shares
 * with it — a deduction's and a reversal's answer, the reversal request, a tranche, the credit
 * code and fen — are the ledger's (ledger/ledger.schemas.ts): changing one there changes this
 * contract too.
 */
import { z } from 'zod';
import {
  creditCodeSchema,
  deductionResponse,
  fen,
  positiveFen,
  trancheSchema,
} from '../ledger/ledger.schemas.js';

const visibleText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only');

export const deductionRequest = z.strictObject({
  orderNo: visibleText(64).describe("The operator's order (bill) number; unique per operator"),
  creditCode: creditCodeSchema,
  category: z
    .string()
    .min(1)
    .max(32)
    .describe('Service category: compute, storage, network or security'),
  amount: positiveFen.describe('Bill amount in fen'),
  description: z.string().max(500).optional(),
});

/** The problem body every refusal carries; one schema for both APIs' documents. */
export { problemSchema } from '../../http/problem.js';

export const batchRequest = z.strictObject({
  items: z.array(deductionRequest).min(1).max(1000),
});

export const batchResponse = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({ orderNo: z.string(), ok: z.literal(true), result: deductionResponse }),
      z.object({
        orderNo: z.string(),
        ok: z.literal(false),
        error: z.object({
          status: z.int(),
          code: z.string(),
          title: z.string(),
          detail: z.string(),
        }),
      }),
    ]),
  ),
});

export const vouchersResponse = z.object({
  vouchers: z.array(
    z.object({
      voucherId: z.string(),
      listYear: z.int(),
      star: z.int(),
      amount: fen,
      grantedAt: z.string(),
      policyVersion: z.string(),
      tranches: z.array(trancheSchema),
    }),
  ),
});

export const listQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const listResponse = z.object({
  items: z.array(
    z.object({
      type: z.enum(['deduction', 'reversal']),
      id: z.string(),
      deductionId: z.string(),
      orderNo: z.string(),
      creditCode: z.string(),
      category: z.string(),
      amount: fen.describe('Deducted amount, or reversed amount for a reversal'),
      requested: fen.optional(),
      payable: fen.optional(),
      restored: fen.optional(),
      voided: fen.optional(),
      reason: z.string().optional(),
      createdAt: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

const count = z.int().min(0).describe('A count');

export const statementParams = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM（如 2026-01）')
    .describe('Calendar month in the programme time zone (Asia/Shanghai), YYYY-MM'),
});

export const settlementParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, '年度格式应为 YYYY（如 2025）')
    .describe('Calendar year (settlement year) in the programme time zone, YYYY'),
});

export const settlementResponse = z
  .object({
    year: z.int(),
    status: z.enum([
      'open',
      'draft',
      'submitted',
      'returned',
      'bureau-approved',
      'sent-to-finance',
      'paid',
    ]),
    netWriteOff: z.int().describe('The ledger’s net write-off of the year, fen'),
    submitted: z.int().nullable(),
    recognised: z.int().nullable(),
    paid: z.int().nullable(),
    paidAt: z.string().nullable(),
    paymentReference: z.string().nullable(),
    exceptions: z.int(),
    documents: z.array(z.object({ name: z.string(), sha256: z.string() })),
  })
  .meta({ id: 'Settlement' });

export const statementResponse = z.object({
  month: z.string(),
  complete: z.boolean().describe('False while the month has not ended: figures may still grow'),
  deductions: count,
  deducted: fen.describe("Sum of the month's deductions' deducted amounts"),
  reversals: count,
  reversed: fen.describe("Sum of the month's reversals (restored + voided)"),
  netWriteOff: z.int().describe('deducted − reversed, in fen (negative if reversals outweigh)'),
  expired: fen.describe('Fen voided by expiry in the month'),
  byCategory: z
    .object({ compute: z.int(), storage: z.int(), network: z.int(), security: z.int() })
    .describe("Net write-off per category; a reversal counts in its deduction's category"),
  byEnterprise: z
    .array(
      z.object({
        creditCode: z.string(),
        deducted: fen,
        reversed: fen,
        netWriteOff: z.int(),
      }),
    )
    .describe('Enterprises with activity in the month, sorted by creditCode'),
  generatedAt: z.string().describe('Server time the statement was computed (ISO 8601, UTC)'),
});

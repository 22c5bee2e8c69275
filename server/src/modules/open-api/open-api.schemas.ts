/**
 * The open API's request and response shapes (open-api.md). These zod schemas validate
 * requests, serialise responses and generate /api/open/v1/openapi.json: one source.
 * Changing a field here changes a public contract.
 */
import { z } from 'zod';
import { isValidCreditCode } from '../../domain/identifiers.js';

const MAX_FEN = 1_000_000_000_000; // ¥10 billion: far above any bill, far below 2^53.

export const fen = z.int().min(0).max(MAX_FEN).describe('Amount in fen (分), an integer');
const positiveFen = z.int().min(1).max(MAX_FEN).describe('Amount in fen (分), an integer > 0');

export const creditCodeSchema = z
  .string()
  .length(18)
  .refine(isValidCreditCode, 'not a valid unified social credit code (GB 32100-2015)')
  .describe('Unified social credit code (统一社会信用代码), 18 characters');

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

export const deductionResponse = z.object({
  deductionId: z.string(),
  orderNo: z.string(),
  requested: fen,
  deducted: fen,
  payable: fen.describe('What the enterprise pays in cash'),
  allocations: z.array(z.object({ trancheId: z.string(), amount: fen })),
  availableAfter: fen,
  createdAt: z.string().describe('Server time of the deduction (ISO 8601, UTC)'),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string(),
    detail: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .describe('application/problem+json (RFC 9457)');

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

export const reversalRequest = z.strictObject({
  amount: positiveFen.describe('How much of the deduction to reverse'),
  reason: z.string().min(1).max(500),
});

export const reversalResponse = z.object({
  reversalId: z.string(),
  deductionId: z.string(),
  amount: fen,
  restored: fen.describe('Returned to its tranche (still active)'),
  voided: fen.describe('Void: its tranche has expired; never cash'),
  createdAt: z.string(),
});

export const trancheSchema = z.object({
  trancheId: z.string(),
  seq: z.int(),
  amount: fen,
  used: fen,
  voided: fen,
  available: fen.describe('What can be deducted now'),
  activeFrom: z.string(),
  expiresAt: z.string(),
  status: z.enum(['pending', 'active', 'expired', 'exhausted']),
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

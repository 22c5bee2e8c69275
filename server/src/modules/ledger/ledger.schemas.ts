/**
 * The ledger's shapes that the clerk's 核销 page (vouchers.routes.ts) and the open API
 * (open-api/open-api.schemas.ts) both accept or send: a deduction's answer, the reversal
 * request and its answer, a voucher's tranche, and the credit code and fen they are made of.
 * They are part of the open API's public contract (/api/open/v1/openapi.json): changing a
 * field here changes it.
 */
import { z } from 'zod';
import { isValidCreditCode } from '../../domain/identifiers.js';

const MAX_FEN = 1_000_000_000_000; // ¥10 billion: far above any bill, far below 2^53.

export const fen = z.int().min(0).max(MAX_FEN).describe('Amount in fen (分), an integer');
export const positiveFen = z
  .int()
  .min(1)
  .max(MAX_FEN)
  .describe('Amount in fen (分), an integer > 0');

export const creditCodeSchema = z
  .string()
  .length(18)
  .refine(isValidCreditCode, {
    message: '统一社会信用代码无效（GB 32100-2015：18 位，且校验位相符）',
    params: { reason: 'credit-code' },
  })
  .describe('Unified social credit code (统一社会信用代码), 18 characters');

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

/** Account names and the one way transfers are written. */
import { randomUUID } from 'node:crypto';
import type { RawSql } from '../../db/client.js';

export const account = {
  appropriation: (planId: string) => `appropriation:${planId}`,
  budget: (planId: string) => `budget:${planId}`,
  tranche: (trancheId: string) => `tranche:${trancheId}`,
  redeemed: (settlementYear: number) => `redeemed:${settlementYear}`,
  paid: (settlementYear: number) => `paid:${settlementYear}`,
  void: 'void',
} as const;

export type TransferKind =
  | 'fund'
  | 'grant'
  | 'deduct'
  | 'restore'
  | 'reversal_void'
  | 'expire'
  | 'pay';

export interface NewTransfer {
  kind: TransferKind;
  source: string;
  destination: string;
  amount: number;
  effectiveAt: Date;
  planId?: string | null;
  voucherId?: string | null;
  trancheId?: string | null;
  deductionId?: string | null;
  reversalId?: string | null;
  settlementYear?: number | null;
  memo?: Record<string, unknown> | null;
}

/**
 * Appends transfers in one statement (arrays through unnest: one round trip for any count) and
 * returns their ids, in the order given — a caller that records which transfer moved its money
 * (a payment) names the real one.
 */
export async function insertTransfers(tx: RawSql, transfers: NewTransfer[]): Promise<string[]> {
  if (transfers.length === 0) return [];
  const ids = transfers.map(() => randomUUID());
  const column = <T>(pick: (t: NewTransfer) => T) => transfers.map(pick);
  await tx.query(
    `INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at, plan_id,
       voucher_id, tranche_id, deduction_id, reversal_id, settlement_year, memo)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
       $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
       $12::int[], $13::jsonb[])`,
    [
      ids,
      column((t) => t.kind),
      column((t) => t.source),
      column((t) => t.destination),
      column((t) => t.amount),
      column((t) => t.effectiveAt.toISOString()),
      column((t) => t.planId ?? null),
      column((t) => t.voucherId ?? null),
      column((t) => t.trancheId ?? null),
      column((t) => t.deductionId ?? null),
      column((t) => t.reversalId ?? null),
      column((t) => t.settlementYear ?? null),
      column((t) => (t.memo ? JSON.stringify(t.memo) : null)),
    ],
  );
  return ids;
}

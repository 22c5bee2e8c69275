/**
 * What the plans module may ask of the ledger about a plan's budget account (issue 11 item 2):
 * how much has been granted from it and in how many vouchers, and the fund transfers that made
 * it (the approval, then each raise with its reason). The ledger's tables, so the ledger
 * answers. Takes the `RawSql` to run on.
 */
import type { RawSql } from '../../db/client.js';

/** The sum of the plan's grant transfers, and how many vouchers were granted under it. */
export async function grantedFromPlan(
  sql: RawSql,
  planId: string,
): Promise<{ amount: number; vouchers: number }> {
  const [row] = await sql.query<{ amount: string; vouchers: string }>(
    `SELECT (SELECT coalesce(sum(amount), 0) FROM ledger_transfers
              WHERE kind = 'grant' AND plan_id = $1) AS amount,
            (SELECT count(*) FROM vouchers WHERE plan_id = $1) AS vouchers`,
    [planId],
  );
  return { amount: Number(row?.amount ?? 0), vouchers: Number(row?.vouchers ?? 0) };
}

export interface BudgetFunding {
  amount: number;
  /** As plans.service.ts wrote it: `{ reason, by }`. */
  memo: unknown;
  effectiveAt: Date;
}

/** The plan's fund transfers in the order they were written (the approval first). */
export async function fundingsOfPlan(sql: RawSql, planId: string): Promise<BudgetFunding[]> {
  const rows = await sql.query<{ amount: string; memo: unknown; effective_at: Date }>(
    `SELECT amount, memo, effective_at FROM ledger_transfers
      WHERE kind = 'fund' AND plan_id = $1 ORDER BY seq`,
    [planId],
  );
  return rows.map((row) => ({
    amount: Number(row.amount),
    memo: typeof row.memo === 'string' ? JSON.parse(row.memo) : row.memo,
    effectiveAt: new Date(row.effective_at),
  }));
}

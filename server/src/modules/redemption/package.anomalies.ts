/**
 * The facts behind the package's anomaly flags (domain/redemption-anomalies.ts `lineWarnings`),
 * for one page of vouchers at a time, set-based: three queries per page, never one per voucher.
 * A read model: ledger_transfers (by voucher, on ledger_transfers_voucher_idx), voucher_tranches
 * and deductions (by primary key), for the package only.
 */
import type { RawSql } from '../../db/client.js';
import type { AnomalyThresholds } from '../../domain/policy.js';
import type { WarningFacts } from '../../domain/redemption-anomalies.js';
import type { YearWindow } from './package.query.js';

const DAY_MS = 86_400_000;

/**
 * The same facts for every voucher of the year at once (`voucherIds` null), or for a page of
 * vouchers. The year at once is three set-based statements over the year's transfers (hash
 * joins, one pass each) instead of three per page of 2,000 vouchers, each of which fetched its
 * vouchers' transfers from all over the table (tranche, deduction and account are not in
 * `ledger_transfers_voucher_idx`): at 10 M transfers ≈ 12 s a page, ten minutes a year, on the
 * bench machine. Vouchers with none of these facts are not in the map (their facts are the
 * empty ones); the package build runs this beside the detail (package.service.ts).
 */
export async function warningFactsOf(
  sql: RawSql,
  window: YearWindow,
  voucherIds: readonly string[] | null,
  thresholds: AnomalyThresholds,
  timeZone: string,
): Promise<Map<string, WarningFacts>> {
  const facts = new Map<string, WarningFacts>(
    (voucherIds ?? []).map((id) => [
      id,
      { tranches: [], largestRoundAmountBurst: 0, nearBalanceBills: 0 },
    ]),
  );
  if (voucherIds !== null && voucherIds.length === 0) return facts;
  const ids = voucherIds === null ? null : [...voucherIds];
  const entry = (voucherId: string): WarningFacts => {
    let found = facts.get(voucherId);
    if (!found) {
      found = { tranches: [], largestRoundAmountBurst: 0, nearBalanceBills: 0 };
      facts.set(voucherId, found);
    }
    return found;
  };
  // $1 null: every voucher.
  const some = (column: string) => `($1::text[] IS NULL OR ${column} = ANY($1::text[]))`;

  // Late spending: per tranche, what the year's bills drew from it in its last days.
  const late = await sql.query<{ voucher_id: string; amount: string; late: string }>(
    `SELECT t.voucher_id, tr.amount,
            coalesce(sum(t.amount) FILTER (
              WHERE t.effective_at >= tr.expires_at - ($4::bigint * interval '1 millisecond')), 0) AS late
       FROM ledger_transfers t JOIN voucher_tranches tr ON tr.id = t.tranche_id
      WHERE ${some('t.voucher_id')} AND t.settlement_year = $2 AND t.kind = 'deduct'
        AND t.effective_at < $3
      GROUP BY t.voucher_id, tr.id, tr.amount`,
    [ids, window.year, window.asOf, thresholds.lateSpend.lastDays * DAY_MS],
  );
  for (const row of late) {
    entry(row.voucher_id).tranches.push({
      amount: Number(row.amount),
      deductedInLastDays: Number(row.late),
    });
  }

  // Round amounts: the most bills of one amount (a multiple of the unit) on one local day.
  const bursts = await sql.query<{ voucher_id: string; largest: string }>(
    `SELECT voucher_id, max(bills) AS largest FROM (
       SELECT t.voucher_id, (d.created_at AT TIME ZONE $5)::date AS day, d.requested,
              count(DISTINCT d.id) AS bills
         FROM ledger_transfers t JOIN deductions d ON d.id = t.deduction_id
        WHERE ${some('t.voucher_id')} AND t.settlement_year = $2 AND t.kind = 'deduct'
          AND t.effective_at < $3 AND d.requested % $4 = 0
        GROUP BY 1, 2, 3) per_day
      GROUP BY voucher_id`,
    [ids, window.year, window.asOf, thresholds.roundAmounts.unitFen, timeZone],
  );
  for (const row of bursts) {
    entry(row.voucher_id).largestRoundAmountBurst = Number(row.largest);
  }

  // Near the balance: bills covered in full (nothing left payable) that left at most the
  // margin of the tranche balance they drew on. The balance after each movement is the
  // running sum of the tranche account, in ledger order. What goes through that sort (every
  // movement of every tranche, ten million rows at 10 M transfers) is kept narrow: the signed
  // amount worked out before it (OFFSET 0 keeps the subquery, and so the CASE, below the
  // window), the partition compared bytewise (COLLATE "C": the same partitions — equality of
  // ids does not depend on the collation — without the locale's comparison), and the few
  // movements that qualify joined back to their transfer, tranche and deduction by key
  // afterwards (D-redemption-pg-1). A transfer naming no tranche row falls out at that join,
  // as it did at the former join before the window; partitions are per tranche, so it
  // changes no other tranche's balances.
  const near = await sql.query<{ voucher_id: string; bills: string }>(
    `WITH moves AS (
       SELECT seq, kind, amount,
              sum(signed) OVER (PARTITION BY tranche_id COLLATE "C"
                                ORDER BY effective_at, seq) AS after
         FROM (SELECT t.seq, t.kind, t.amount, t.tranche_id, t.effective_at,
                      CASE WHEN t.destination = 'tranche:' || t.tranche_id THEN t.amount
                           ELSE -t.amount END AS signed
                 FROM ledger_transfers t
                WHERE ${some('t.voucher_id')} AND t.effective_at < $3 AND t.tranche_id IS NOT NULL
                  AND (t.source = 'tranche:' || t.tranche_id
                       OR t.destination = 'tranche:' || t.tranche_id)
               OFFSET 0) movements)
     SELECT tr.voucher_id, count(DISTINCT t.deduction_id) AS bills
       FROM moves m JOIN ledger_transfers t ON t.seq = m.seq
       JOIN voucher_tranches tr ON tr.id = t.tranche_id
       JOIN deductions d ON d.id = t.deduction_id
      WHERE m.kind = 'deduct' AND d.payable = 0 AND d.settlement_year = $2
        AND m.after * 10000 <= (m.after + m.amount) * $4
      GROUP BY tr.voucher_id`,
    [ids, window.year, window.asOf, thresholds.nearBalance.marginBasisPoints],
  );
  for (const row of near) {
    entry(row.voucher_id).nearBalanceBills = Number(row.bills);
  }
  return facts;
}

/**
 * Read model of the monthly operation report's computed parts, for one month window
 * [start, end) of the programme's time zone. Read-only; amounts in fen. Reads:
 * - organisations, star_list_entries + star_list_batches (published), vouchers,
 *   voucher_tranches — part (b), enterprise cloud adoption by star;
 * - ledger_transfers (by effective_at) joined to deductions and vouchers — part (c), voucher
 *   usage, and the control totals by star;
 * - voucher_tranches' running balances with ledger_transfers' legs on tranche accounts — the
 *   independent reading of the available balance the control totals are reconciled against.
 *
 * A transfer belongs to the month of its `effective_at` (the instant the deduction, reversal,
 * grant or recorded expiry happened); deductions and reversals write their transfers at their
 * own `created_at`, so the ledger and the open API's statement (ledger/statement.query.ts) place
 * every bill in the same month.
 */
import type { RawSql } from '../../db/client.js';
import type { ControlRow, IndependentBalance } from '../../domain/monthly-report.js';

/** The policy's star levels: the rows always shown, even when nothing moved. */
export const REPORT_STARS = [3, 4, 5] as const;
export const CATEGORIES = ['compute', 'storage', 'network', 'security'] as const;

const n = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export interface AdoptionRow {
  /** Star of the enterprise's latest published list entry; 0 = not on a published list. */
  star: number;
  registered: number;
  certified: number;
  claimed: number;
  activeVoucher: number;
  newRegistered: number;
  newCertified: number;
  newClaimed: number;
}

/**
 * Part (b): enterprises registered, certified, that have claimed (been granted a voucher),
 * that hold a voucher in its validity at the month's end, and those new in the month — by the
 * star of their latest published list entry. Counts as of the month's end.
 */
export async function adoption(sql: RawSql, start: Date, end: Date): Promise<AdoptionRow[]> {
  const rows = await sql.query<Record<string, string | number>>(
    `WITH enterprise AS (
       SELECT o.id, o.created_at, o.certified_at,
              coalesce((SELECT e.star FROM star_list_entries e
                          JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
                         WHERE e.credit_code = o.credit_code AND b.published_at < $2
                         ORDER BY e.list_year DESC LIMIT 1),
                       (SELECT max(v.star) FROM vouchers v WHERE v.enterprise_id = o.id), 0) AS star,
              (SELECT min(v.granted_at) FROM vouchers v
                WHERE v.enterprise_id = o.id AND v.granted_at < $2) AS first_granted,
              EXISTS (SELECT 1 FROM voucher_tranches t JOIN vouchers v ON v.id = t.voucher_id
                       WHERE v.enterprise_id = o.id AND v.granted_at < $2
                         AND t.active_from < $2 AND t.expires_at >= $2) AS active
         FROM organisations o
        WHERE o.kind = 'enterprise' AND o.created_at < $2)
     SELECT star,
            count(*) AS registered,
            count(*) FILTER (WHERE certified_at < $2) AS certified,
            count(*) FILTER (WHERE first_granted IS NOT NULL) AS claimed,
            count(*) FILTER (WHERE active) AS active_voucher,
            count(*) FILTER (WHERE created_at >= $1) AS new_registered,
            count(*) FILTER (WHERE certified_at >= $1 AND certified_at < $2) AS new_certified,
            count(*) FILTER (WHERE first_granted >= $1) AS new_claimed
       FROM enterprise GROUP BY star ORDER BY star`,
    [start, end],
  );
  const byStar = new Map(rows.map((row) => [Number(row.star), row]));
  const stars = [...new Set([0, ...REPORT_STARS, ...byStar.keys()])].sort((a, b) => a - b);
  return stars.map((star) => {
    const row = byStar.get(star);
    return {
      star,
      registered: n(row?.registered),
      certified: n(row?.certified),
      claimed: n(row?.claimed),
      activeVoucher: n(row?.active_voucher),
      newRegistered: n(row?.new_registered),
      newCertified: n(row?.new_certified),
      newClaimed: n(row?.new_claimed),
    };
  });
}

export interface UsageLine {
  deductions: number;
  deducted: number;
  reversals: number;
  reversed: number;
  netWriteOff: number;
}

export interface VoucherUsage {
  totals: UsageLine;
  byCategory: Array<UsageLine & { category: string }>;
  byEnterprise: Array<UsageLine & { creditCode: string; enterpriseName: string }>;
  /** Expiries recorded in the month: tranche balances moved to void. */
  expiries: { tranches: number; amount: number };
  /** Reversals of deductions whose tranche had expired: returned to void, not to a balance. */
  reversalVoided: number;
}

const line = (row: Record<string, unknown> | undefined): UsageLine => {
  const deducted = n(row?.deducted);
  const reversed = n(row?.reversed);
  return {
    deductions: n(row?.deductions),
    deducted,
    reversals: n(row?.reversals),
    reversed,
    netWriteOff: deducted - reversed,
  };
};

/** Part (c): the month's deductions and reversals from the ledger, expiries and reversal voids. */
export async function voucherUsage(sql: RawSql, start: Date, end: Date): Promise<VoucherUsage> {
  const moved = `
    SELECT t.kind, t.amount, t.deduction_id, t.reversal_id, d.category, d.credit_code,
           o.name AS enterprise_name
      FROM ledger_transfers t JOIN deductions d ON d.id = t.deduction_id
      LEFT JOIN organisations o ON o.id = d.enterprise_id
     WHERE t.kind IN ('deduct', 'restore', 'reversal_void')
       AND t.effective_at >= $1 AND t.effective_at < $2`;
  const aggregates = `
    count(DISTINCT deduction_id) FILTER (WHERE kind = 'deduct') AS deductions,
    coalesce(sum(amount) FILTER (WHERE kind = 'deduct'), 0) AS deducted,
    count(DISTINCT reversal_id) FILTER (WHERE kind <> 'deduct') AS reversals,
    coalesce(sum(amount) FILTER (WHERE kind <> 'deduct'), 0) AS reversed`;
  const [totals, categories, enterprises, expiries] = await Promise.all([
    sql.query(
      `WITH m AS (${moved}) SELECT ${aggregates},
                 coalesce(sum(amount) FILTER (WHERE kind = 'reversal_void'), 0) AS reversal_voided
                 FROM m`,
      [start, end],
    ),
    sql.query(`WITH m AS (${moved}) SELECT category, ${aggregates} FROM m GROUP BY category`, [
      start,
      end,
    ]),
    sql.query(
      `WITH m AS (${moved})
       SELECT credit_code, min(enterprise_name) AS enterprise_name, ${aggregates}
         FROM m GROUP BY credit_code ORDER BY credit_code`,
      [start, end],
    ),
    sql.query(
      `SELECT count(DISTINCT tranche_id) AS tranches, coalesce(sum(amount), 0) AS amount
         FROM ledger_transfers
        WHERE kind = 'expire' AND effective_at >= $1 AND effective_at < $2`,
      [start, end],
    ),
  ]);
  const byCategoryName = new Map(categories.map((row) => [String(row.category), row]));
  const categoryNames = [...new Set([...CATEGORIES, ...byCategoryName.keys()])];
  return {
    totals: line(totals[0]),
    byCategory: categoryNames.map((category) => ({
      category,
      ...line(byCategoryName.get(category)),
    })),
    byEnterprise: enterprises.map((row) => ({
      creditCode: String(row.credit_code),
      enterpriseName: String(row.enterprise_name),
      ...line(row),
    })),
    expiries: { tranches: n(expiries[0]?.tranches), amount: n(expiries[0]?.amount) },
    reversalVoided: n(totals[0]?.reversal_voided),
  };
}

/**
 * The control totals by star, read from the transfers by kind: opening and closing are the
 * signed sums of grants, restores, deductions and expiries before the month's start and end.
 */
export async function controlTotals(sql: RawSql, start: Date, end: Date): Promise<ControlRow[]> {
  const rows = await sql.query(
    `SELECT v.star,
            coalesce(sum(CASE t.kind WHEN 'grant' THEN t.amount WHEN 'restore' THEN t.amount
                              ELSE -t.amount END) FILTER (WHERE t.effective_at < $1), 0) AS opening,
            coalesce(sum(t.amount) FILTER (WHERE t.kind = 'grant' AND t.effective_at >= $1), 0) AS granted,
            coalesce(sum(t.amount) FILTER (WHERE t.kind = 'restore' AND t.effective_at >= $1), 0) AS restored,
            coalesce(sum(t.amount) FILTER (WHERE t.kind = 'deduct' AND t.effective_at >= $1), 0) AS deducted,
            coalesce(sum(t.amount) FILTER (WHERE t.kind = 'expire' AND t.effective_at >= $1), 0) AS voided,
            coalesce(sum(CASE t.kind WHEN 'grant' THEN t.amount WHEN 'restore' THEN t.amount
                              ELSE -t.amount END), 0) AS closing
       FROM ledger_transfers t JOIN vouchers v ON v.id = t.voucher_id
      WHERE t.kind IN ('grant', 'restore', 'deduct', 'expire') AND t.effective_at < $2
      GROUP BY v.star`,
    [start, end],
  );
  const byStar = new Map(rows.map((row) => [Number(row.star), row]));
  const stars = [...new Set([...REPORT_STARS, ...byStar.keys()])].sort((a, b) => a - b);
  return stars.map((star) => {
    const row = byStar.get(star);
    return {
      star,
      opening: n(row?.opening),
      granted: n(row?.granted),
      restored: n(row?.restored),
      deducted: n(row?.deducted),
      voided: n(row?.voided),
      closing: n(row?.closing),
    };
  });
}

/**
 * The available balance by star at the month's start and end, read another way: each
 * tranche's running balance (voucher_tranches.balance, kept by the writing transactions and
 * guarded by CHECKs) less every movement on its account since that instant, whatever the
 * transfer's kind. One statement, so one snapshot of both tables.
 */
export async function independentBalances(
  sql: RawSql,
  start: Date,
  end: Date,
): Promise<IndependentBalance[]> {
  const rows = await sql.query(
    `WITH legs AS (
       SELECT substr(destination, 9) AS tranche_id, amount, effective_at
         FROM ledger_transfers WHERE destination LIKE 'tranche:%' AND effective_at >= $1
       UNION ALL
       SELECT substr(source, 9), -amount, effective_at
         FROM ledger_transfers WHERE source LIKE 'tranche:%' AND effective_at >= $1),
     since AS (
       SELECT tranche_id, sum(amount) AS since_start,
              coalesce(sum(amount) FILTER (WHERE effective_at >= $2), 0) AS since_end
         FROM legs GROUP BY tranche_id)
     SELECT v.star, sum(t.balance - coalesce(s.since_start, 0)) AS opening,
            sum(t.balance - coalesce(s.since_end, 0)) AS closing
       FROM voucher_tranches t JOIN vouchers v ON v.id = t.voucher_id
       LEFT JOIN since s ON s.tranche_id = t.id
      GROUP BY v.star`,
    [start, end],
  );
  return rows.map((row) => ({
    star: Number(row.star),
    opening: n(row.opening),
    closing: n(row.closing),
  }));
}

/**
 * Offline checks of the ledger's invariants (`npm run cli -- ledger verify`):
 * - every tranche: balance = granted − deducted + restored − voided, and used / voided agree
 *   with the transfers that moved them;
 * - every plan: budget balance = funded − granted, never negative;
 * - every deduction: deducted = its allocations = its deduct transfers; reversed = its reversals;
 * - conservation: the balances of all accounts, computed from transfers, sum to zero.
 * Each check is one aggregate query, so it runs in the database, not in memory.
 *
 * @read-model reads: plans, redemption_payments, redemption_submissions — a verifier compares
 *   the ledger with what the others recorded of it: each plan's budget_balance with its fund
 *   and grant transfers, and Finance's recorded payments (by settlement year) with the pay
 *   transfers. Reading only; the plans and the redemption chain import the ledger, so the
 *   ledger cannot ask them.
 */
import type { RawSql } from '../../db/client.js';

export interface LedgerViolation {
  check: string;
  subject: string;
  detail: string;
}

export interface LedgerReport {
  ok: boolean;
  transfers: number;
  tranches: number;
  violations: LedgerViolation[];
}

const CHECKS: Array<{ check: string; sql: string }> = [
  {
    check: 'tranche-balance',
    sql: `WITH moved AS (
            SELECT tranche_id,
                   sum(amount) FILTER (WHERE kind = 'grant') AS granted,
                   sum(amount) FILTER (WHERE kind = 'deduct') AS deducted,
                   sum(amount) FILTER (WHERE kind = 'restore') AS restored,
                   sum(amount) FILTER (WHERE kind = 'reversal_void') AS reversal_voided,
                   sum(amount) FILTER (WHERE kind = 'expire') AS expired
              FROM ledger_transfers WHERE tranche_id IS NOT NULL GROUP BY tranche_id)
          SELECT t.id AS subject,
                 format('amount %s balance %s used %s voided %s; transfers: granted %s deducted %s restored %s voided %s',
                   t.amount, t.balance, t.used, t.voided, coalesce(m.granted, 0), coalesce(m.deducted, 0),
                   coalesce(m.restored, 0), coalesce(m.reversal_voided, 0) + coalesce(m.expired, 0)) AS detail
            FROM voucher_tranches t LEFT JOIN moved m ON m.tranche_id = t.id
           WHERE t.amount <> coalesce(m.granted, 0)
              OR t.balance <> coalesce(m.granted, 0) - coalesce(m.deducted, 0) + coalesce(m.restored, 0)
                              - coalesce(m.expired, 0)
              OR t.used <> coalesce(m.deducted, 0) - coalesce(m.restored, 0) - coalesce(m.reversal_voided, 0)
              OR t.voided <> coalesce(m.expired, 0) + coalesce(m.reversal_voided, 0)
              OR t.balance < 0`,
  },
  {
    check: 'plan-budget',
    sql: `WITH moved AS (
            SELECT plan_id,
                   sum(amount) FILTER (WHERE kind = 'fund') AS funded,
                   sum(amount) FILTER (WHERE kind = 'grant') AS granted
              FROM ledger_transfers WHERE plan_id IS NOT NULL GROUP BY plan_id)
          SELECT p.id AS subject,
                 format('budget balance %s, funded %s, granted %s', p.budget_balance,
                   coalesce(m.funded, 0), coalesce(m.granted, 0)) AS detail
            FROM plans p LEFT JOIN moved m ON m.plan_id = p.id
           WHERE p.budget_balance <> coalesce(m.funded, 0) - coalesce(m.granted, 0)
              OR p.budget_balance < 0`,
  },
  {
    check: 'voucher-amount',
    sql: `SELECT v.id AS subject, format('amount %s, tranches add up to %s', v.amount, sum(t.amount)) AS detail
            FROM vouchers v JOIN voucher_tranches t ON t.voucher_id = v.id
           GROUP BY v.id, v.amount HAVING v.amount <> sum(t.amount)`,
  },
  {
    check: 'deduction-allocations',
    sql: `WITH alloc AS (
            SELECT deduction_id, sum(amount) AS amount, sum(reversed) AS reversed
              FROM deduction_allocations GROUP BY deduction_id),
          moved AS (
            SELECT deduction_id, sum(amount) FILTER (WHERE kind = 'deduct') AS deducted,
                   sum(amount) FILTER (WHERE kind IN ('restore', 'reversal_void')) AS reversed
              FROM ledger_transfers WHERE deduction_id IS NOT NULL GROUP BY deduction_id),
          rev AS (SELECT deduction_id, sum(amount) AS amount FROM reversals GROUP BY deduction_id)
          SELECT d.id AS subject,
                 format('deducted %s reversed %s; allocations %s/%s; transfers %s/%s; reversals %s',
                   d.deducted, d.reversed, coalesce(a.amount, 0), coalesce(a.reversed, 0),
                   coalesce(m.deducted, 0), coalesce(m.reversed, 0), coalesce(r.amount, 0)) AS detail
            FROM deductions d
            LEFT JOIN alloc a ON a.deduction_id = d.id
            LEFT JOIN moved m ON m.deduction_id = d.id
            LEFT JOIN rev r ON r.deduction_id = d.id
           WHERE d.deducted <> coalesce(a.amount, 0) OR d.deducted <> coalesce(m.deducted, 0)
              OR d.reversed <> coalesce(a.reversed, 0) OR d.reversed <> coalesce(m.reversed, 0)
              OR d.reversed <> coalesce(r.amount, 0)`,
  },
  {
    check: 'conservation',
    sql: `WITH legs AS (
            SELECT source AS account, -amount AS amount FROM ledger_transfers
            UNION ALL SELECT destination, amount FROM ledger_transfers)
          SELECT 'all accounts' AS subject, format('balances sum to %s, not 0', sum(amount)) AS detail
            FROM legs HAVING coalesce(sum(amount), 0) <> 0`,
  },
  {
    check: 'negative-balance',
    sql: `WITH legs AS (
            SELECT source AS account, -amount AS amount FROM ledger_transfers
            UNION ALL SELECT destination, amount FROM ledger_transfers)
          SELECT account AS subject, format('balance %s below zero', sum(amount)) AS detail
            FROM legs WHERE account LIKE 'budget:%' OR account LIKE 'tranche:%'
                         OR account = 'void' OR account LIKE 'paid:%'
           GROUP BY account HAVING sum(amount) < 0`,
  },
  {
    // Finance's payments (redemption chain) and the ledger's `pay` transfers say the same.
    check: 'payments-recorded',
    sql: `WITH moved AS (
            SELECT destination AS account, sum(amount) AS amount FROM ledger_transfers
             WHERE kind = 'pay' GROUP BY destination),
          recorded AS (
            SELECT 'paid:' || s.settlement_year AS account, sum(p.amount) AS amount
              FROM redemption_payments p JOIN redemption_submissions s ON s.id = p.submission_id
             WHERE p.amount > 0 GROUP BY s.settlement_year)
          SELECT coalesce(moved.account, recorded.account) AS subject,
                 format('ledger paid %s, payments recorded %s', coalesce(moved.amount, 0),
                        coalesce(recorded.amount, 0)) AS detail
            FROM moved FULL JOIN recorded ON recorded.account = moved.account
           WHERE coalesce(moved.amount, 0) <> coalesce(recorded.amount, 0)`,
  },
];

export async function verifyLedger(sql: RawSql): Promise<LedgerReport> {
  const violations: LedgerViolation[] = [];
  for (const { check, sql: text } of CHECKS) {
    const rows = await sql.query<{ subject: string; detail: string }>(`${text} LIMIT 100`);
    for (const row of rows) violations.push({ check, subject: row.subject, detail: row.detail });
  }
  const [counts] = await sql.query<{ transfers: string; tranches: string }>(
    `SELECT (SELECT count(*) FROM ledger_transfers) AS transfers,
            (SELECT count(*) FROM voucher_tranches) AS tranches`,
  );
  return {
    ok: violations.length === 0,
    transfers: Number(counts?.transfers ?? 0),
    tranches: Number(counts?.tranches ?? 0),
    violations,
  };
}

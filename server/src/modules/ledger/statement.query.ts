/**
 * The operator's monthly statement for the open API (`GET /api/open/v1/statements/{month}`),
 * from the ledger's own tables: deductions and reversals by `created_at`, expiries by
 * `effective_at` in `ledger_transfers`. Read-only; amounts in fen. The monthly report's part (c)
 * reads the same transfers by `effective_at`, and deductions and reversals write theirs at their
 * own `created_at`, so both place every bill in the same month.
 */
import type { RawSql } from '../../db/client.js';

const n = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export interface Statement {
  deductions: number;
  deducted: number;
  reversals: number;
  reversed: number;
  netWriteOff: number;
  expired: number;
  byCategory: { compute: number; storage: number; network: number; security: number };
  byEnterprise: Array<{
    creditCode: string;
    deducted: number;
    reversed: number;
    netWriteOff: number;
  }>;
}

/**
 * The operator's monthly statement (open-api.md "Statements and settlements"), from its own
 * deductions and reversals by `created_at`: every client of the operator and the 核销 page. A
 * reversal counts in its deduction's category. `expired` is the ledger's expiries in the month.
 */
export async function statementOf(
  sql: RawSql,
  operatorId: string,
  start: Date,
  end: Date,
): Promise<Statement> {
  const rows = await sql.query(
    `WITH moves AS (
       SELECT 'deduction' AS type, d.credit_code, d.category, d.deducted AS amount
         FROM deductions d
        WHERE d.operator_id = $1 AND d.created_at >= $2 AND d.created_at < $3
       UNION ALL
       SELECT 'reversal', d.credit_code, d.category, r.amount
         FROM reversals r JOIN deductions d ON d.id = r.deduction_id
        WHERE d.operator_id = $1 AND r.created_at >= $2 AND r.created_at < $3)
     SELECT credit_code, category,
            count(*) FILTER (WHERE type = 'deduction') AS deductions,
            coalesce(sum(amount) FILTER (WHERE type = 'deduction'), 0) AS deducted,
            count(*) FILTER (WHERE type = 'reversal') AS reversals,
            coalesce(sum(amount) FILTER (WHERE type = 'reversal'), 0) AS reversed
       FROM moves GROUP BY credit_code, category`,
    [operatorId, start, end],
  );
  const [expired] = await sql.query(
    `SELECT coalesce(sum(amount), 0) AS amount FROM ledger_transfers
      WHERE kind = 'expire' AND effective_at >= $1 AND effective_at < $2`,
    [start, end],
  );
  const statement: Statement = {
    deductions: 0,
    deducted: 0,
    reversals: 0,
    reversed: 0,
    netWriteOff: 0,
    expired: n(expired?.amount),
    byCategory: { compute: 0, storage: 0, network: 0, security: 0 },
    byEnterprise: [],
  };
  const enterprises = new Map<string, { deducted: number; reversed: number }>();
  for (const row of rows) {
    const deducted = n(row.deducted);
    const reversed = n(row.reversed);
    statement.deductions += n(row.deductions);
    statement.reversals += n(row.reversals);
    statement.deducted += deducted;
    statement.reversed += reversed;
    const category = String(row.category) as keyof Statement['byCategory'];
    if (category in statement.byCategory) statement.byCategory[category] += deducted - reversed;
    const code = String(row.credit_code);
    const enterprise = enterprises.get(code) ?? { deducted: 0, reversed: 0 };
    enterprise.deducted += deducted;
    enterprise.reversed += reversed;
    enterprises.set(code, enterprise);
  }
  statement.netWriteOff = statement.deducted - statement.reversed;
  statement.byEnterprise = [...enterprises]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([creditCode, e]) => ({
      creditCode,
      deducted: e.deducted,
      reversed: e.reversed,
      netWriteOff: e.deducted - e.reversed,
    }));
  return statement;
}

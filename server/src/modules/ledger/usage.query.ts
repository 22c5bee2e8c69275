/**
 * Voucher usage history (核销记录): deductions and reversals with order numbers and
 * categories, newest first, scoped by the caller — an enterprise sees its own, an operator
 * the ones it made. Used by the enterprise's page, its Excel export and the clerk's page.
 *
 * @read-model reads: organisations — each row shows the enterprise's name (a join: the page
 *   is ordered, counted and cut in the database, and deductions keep only the enterprise id).
 */
import type { RawSql } from '../../db/client.js';

export type UsageScope = (
  | { enterpriseId: string }
  | { operatorId: string; creditCode?: string }
) & {
  /** Only events (deductions, reversals) recorded in [from, to). */
  period?: { from: Date; to: Date };
};

export interface UsageRow {
  type: 'deduction' | 'reversal';
  id: string;
  deductionId: string;
  orderNo: string;
  creditCode: string;
  enterpriseName: string;
  category: string;
  /** Bill amount (deductions). */
  requested: number | null;
  /** Deducted, or reversed for a reversal. */
  amount: number;
  payable: number | null;
  /** Still reversible (deductions). */
  reversible: number | null;
  restored: number | null;
  voided: number | null;
  reason: string | null;
  description: string | null;
  createdAt: string;
}

interface Row {
  type: 'deduction' | 'reversal';
  id: string;
  deduction_id: string;
  order_no: string;
  credit_code: string;
  enterprise_name: string;
  category: string;
  requested: string | null;
  amount: string;
  payable: string | null;
  reversible: string | null;
  restored: string | null;
  voided: string | null;
  reason: string | null;
  description: string | null;
  created_at: Date;
}

const num = (v: string | null) => (v === null ? null : Number(v));

export async function usageOf(
  sql: RawSql,
  scope: UsageScope,
  page: { page: number; pageSize: number },
): Promise<{ items: UsageRow[]; total: number }> {
  const [where, params] =
    'enterpriseId' in scope
      ? ['d.enterprise_id = $1', [scope.enterpriseId]]
      : scope.creditCode
        ? ['d.operator_id = $1 AND d.credit_code = $2', [scope.operatorId, scope.creditCode]]
        : ['d.operator_id = $1', [scope.operatorId]];
  let n = params.length;
  // A period filters the events themselves: a reversal in the window of a deduction before it
  // is listed, the deduction is not.
  let window = '';
  const windowParams: Date[] = [];
  if (scope.period) {
    window = `WHERE created_at >= $${n + 1} AND created_at < $${n + 2}`;
    windowParams.push(scope.period.from, scope.period.to);
    n += 2;
  }
  const rows = await sql.query<Row>(
    `WITH scoped AS (
       SELECT d.*, o.name AS enterprise_name FROM deductions d
         JOIN organisations o ON o.id = d.enterprise_id WHERE ${where}),
     events AS (
       SELECT 'deduction' AS type, d.id, d.id AS deduction_id, d.order_no, d.credit_code,
              d.enterprise_name, d.category, d.requested, d.deducted AS amount, d.payable,
              d.deducted - d.reversed AS reversible, NULL::bigint AS restored,
              NULL::bigint AS voided, NULL::text AS reason, d.description, d.created_at
         FROM scoped d
       UNION ALL
       SELECT 'reversal', r.id, d.id, d.order_no, d.credit_code, d.enterprise_name, d.category,
              NULL, r.amount, NULL, NULL, r.restored, r.voided, r.reason, NULL, r.created_at
         FROM reversals r JOIN scoped d ON d.id = r.deduction_id)
     SELECT * FROM events ${window}
      ORDER BY created_at DESC, type, id
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, ...windowParams, page.pageSize, (page.page - 1) * page.pageSize],
  );
  // Counted apart from the page: a page past the end must still report the true total.
  const p = params.length;
  const inWindow = (column: string) =>
    scope.period ? ` AND ${column} >= $${p + 1} AND ${column} < $${p + 2}` : '';
  const [count] = await sql.query<{ total: string }>(
    `SELECT (SELECT count(*) FROM deductions d WHERE ${where}${inWindow('d.created_at')})
          + (SELECT count(*) FROM reversals r JOIN deductions d ON d.id = r.deduction_id
              WHERE ${where}${inWindow('r.created_at')}) AS total`,
    [...params, ...windowParams],
  );
  return {
    total: Number(count?.total ?? 0),
    items: rows.map((row) => ({
      type: row.type,
      id: row.id,
      deductionId: row.deduction_id,
      orderNo: row.order_no,
      creditCode: row.credit_code,
      enterpriseName: row.enterprise_name,
      category: row.category,
      requested: num(row.requested),
      amount: Number(row.amount),
      payable: num(row.payable),
      reversible: num(row.reversible),
      restored: num(row.restored),
      voided: num(row.voided),
      reason: row.reason,
      description: row.description,
      createdAt: new Date(row.created_at).toISOString(),
    })),
  };
}

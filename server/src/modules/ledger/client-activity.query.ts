/**
 * An open-API client's activity for its reconciliation listing: the client's own deductions
 * and reversals in one stream ordered by (createdAt, type, id), paged by an opaque keyset
 * cursor so pages never skip or repeat rows even while new ones arrive. The ledger's tables,
 * so the ledger answers; the open API's route only passes the authenticated client's id.
 */
import type { RawSql } from '../../db/client.js';
import { AppError } from '../../errors.js';

interface ListQuery {
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

interface Row {
  type: 'deduction' | 'reversal';
  id: string;
  deduction_id: string;
  order_no: string;
  credit_code: string;
  category: string;
  amount: string;
  requested: string | null;
  payable: string | null;
  restored: string | null;
  voided: string | null;
  reason: string | null;
  created_at: Date;
}

function decodeCursor(cursor: string): [string, string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value.every((v) => typeof v === 'string') &&
      !Number.isNaN(Date.parse(String(value[0])))
    ) {
      return value as [string, string, string];
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor returned by this API', undefined, [
    { field: 'querystring.cursor', message: 'not a cursor returned by this API' },
  ]);
}

const optional = (value: string | null) => (value === null ? undefined : Number(value));

export async function listDeductionsAndReversals(sql: RawSql, clientId: string, query: ListQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await sql.query<Row>(
    `SELECT * FROM (
       SELECT 'deduction' AS type, d.id, d.id AS deduction_id, d.order_no, d.credit_code,
              d.category, d.deducted AS amount, d.requested, d.payable, NULL::bigint AS restored,
              NULL::bigint AS voided, NULL::text AS reason, d.created_at
         FROM deductions d WHERE d.client_id = $1
       UNION ALL
       SELECT 'reversal', r.id, r.deduction_id, d.order_no, d.credit_code, d.category, r.amount,
              NULL, NULL, r.restored, r.voided, r.reason, r.created_at
         FROM reversals r JOIN deductions d ON d.id = r.deduction_id WHERE r.client_id = $1
     ) x
     WHERE ($2::timestamptz IS NULL OR created_at >= $2)
       AND ($3::timestamptz IS NULL OR created_at < $3)
       AND ($4::timestamptz IS NULL OR (created_at, type, id) > ($4, $5::text, $6::text))
     ORDER BY created_at, type, id
     LIMIT $7`,
    [
      clientId,
      query.from ?? null,
      query.to ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      query.limit + 1,
    ],
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      type: row.type,
      id: row.id,
      deductionId: row.deduction_id,
      orderNo: row.order_no,
      creditCode: row.credit_code,
      category: row.category,
      amount: Number(row.amount),
      requested: optional(row.requested),
      payable: optional(row.payable),
      restored: optional(row.restored),
      voided: optional(row.voided),
      reason: row.reason ?? undefined,
      createdAt: new Date(row.created_at).toISOString(),
    })),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(
            JSON.stringify([new Date(last.created_at).toISOString(), last.type, last.id]),
          ).toString('base64url')
        : null,
  };
}

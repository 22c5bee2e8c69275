/**
 * Voucher lookups other modules need (issue 11 item 2): whether a credit code already holds a
 * voucher for a list year, and a voucher with its tranches as granted. The ledger's tables, so
 * the ledger answers. Takes the `RawSql` to run on.
 */
import type { RawSql } from '../../db/client.js';

/** A voucher of this credit code and list year that `claimId` (if given) did not grant. */
export async function otherVoucherId(
  sql: RawSql,
  q: { creditCode: string; listYear: number; claimId: string | null },
): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT id FROM vouchers
      WHERE credit_code = $1 AND list_year = $2 AND ($3::text IS NULL OR claim_id IS DISTINCT FROM $3)
      LIMIT 1`,
    [q.creditCode, q.listYear, q.claimId],
  );
  return row?.id ?? null;
}

export interface VoucherTrancheRow {
  id: string;
  amount: string | number;
  granted_at: Date;
  seq: number;
  tranche_amount: string | number;
  active_from: Date;
  expires_at: Date;
}

/** A voucher as granted, one row per tranche in order (none when there is no such voucher). */
export async function voucherWithTranches(
  sql: RawSql,
  voucherId: string,
): Promise<VoucherTrancheRow[]> {
  return sql.query<VoucherTrancheRow>(
    `SELECT v.id, v.amount, v.granted_at, t.seq, t.amount AS tranche_amount, t.active_from,
            t.expires_at
       FROM vouchers v JOIN voucher_tranches t ON t.voucher_id = v.id
      WHERE v.id = $1 ORDER BY t.seq`,
    [voucherId],
  );
}

/**
 * Read models of vouchers and their tranches, with status and availability decided from
 * the clock at read time (an expiry holds whether or not the job has recorded it yet).
 */
import type { RawSql } from '../../db/client.js';
import { type TrancheStatus, trancheStatus } from '../../domain/tranches.js';
import { policyVersions } from '../policies/policies.lookups.js';

export interface TrancheView {
  trancheId: string;
  seq: number;
  amount: number;
  used: number;
  voided: number;
  /** What can be deducted now: the balance while active, else 0. */
  available: number;
  /** Left in the tranche: for a pending tranche, what will become available. */
  balance: number;
  activeFrom: string;
  expiresAt: string;
  status: TrancheStatus;
}

export interface VoucherView {
  voucherId: string;
  enterpriseId: string;
  creditCode: string;
  enterpriseName: string;
  listYear: number;
  star: number;
  amount: number;
  grantedAt: string;
  policyVersion: string;
  policyId: string;
  tranches: TrancheView[];
}

interface Row {
  voucher_id: string;
  enterprise_id: string;
  credit_code: string;
  enterprise_name: string;
  list_year: number;
  star: number;
  voucher_amount: string;
  granted_at: Date;
  policy_id: string;
  tranche_id: string;
  seq: number;
  amount: string;
  used: string;
  voided: string;
  balance: string;
  active_from: Date;
  expires_at: Date;
}

export async function vouchersOf(
  sql: RawSql,
  by: { creditCode: string } | { enterpriseId: string },
  now: Date,
): Promise<VoucherView[]> {
  const [column, value] =
    'creditCode' in by ? ['v.credit_code', by.creditCode] : ['v.enterprise_id', by.enterpriseId];
  const rows = await sql.query<Row>(
    `SELECT v.id AS voucher_id, v.enterprise_id, v.credit_code, v.enterprise_name, v.list_year,
            v.star, v.amount AS voucher_amount, v.granted_at, v.policy_id,
            t.id AS tranche_id, t.seq, t.amount, t.used, t.voided, t.balance, t.active_from,
            t.expires_at
       FROM vouchers v
       JOIN voucher_tranches t ON t.voucher_id = v.id
      WHERE ${column} = $1
      ORDER BY v.granted_at DESC, v.id, t.seq`,
    [value],
  );
  // vouchers.policy_id is a non-null reference to policies: every voucher has its version.
  const versions = await policyVersions(
    sql,
    rows.map((row) => row.policy_id),
  );
  const vouchers = new Map<string, VoucherView>();
  for (const row of rows) {
    let voucher = vouchers.get(row.voucher_id);
    if (!voucher) {
      voucher = {
        voucherId: row.voucher_id,
        enterpriseId: row.enterprise_id,
        creditCode: row.credit_code,
        enterpriseName: row.enterprise_name,
        listYear: row.list_year,
        star: row.star,
        amount: Number(row.voucher_amount),
        grantedAt: new Date(row.granted_at).toISOString(),
        policyVersion: versions.get(row.policy_id) ?? '',
        policyId: row.policy_id,
        tranches: [],
      };
      vouchers.set(row.voucher_id, voucher);
    }
    voucher.tranches.push(trancheView(row, now));
  }
  return [...vouchers.values()];
}

function trancheView(row: Row, now: Date): TrancheView {
  const activeFrom = new Date(row.active_from);
  const expiresAt = new Date(row.expires_at);
  const balance = Number(row.balance);
  const status = trancheStatus({ activeFrom, expiresAt, balance }, now);
  // Before the job records an expiry the balance is still on the row; it is void already.
  const expiredUnrecorded = status === 'expired' ? balance : 0;
  return {
    trancheId: row.tranche_id,
    seq: row.seq,
    amount: Number(row.amount),
    used: Number(row.used),
    voided: Number(row.voided) + expiredUnrecorded,
    available: status === 'active' ? balance : 0,
    balance: status === 'expired' ? 0 : balance,
    activeFrom: activeFrom.toISOString(),
    expiresAt: expiresAt.toISOString(),
    status,
  };
}

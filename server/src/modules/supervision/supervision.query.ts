/**
 * Read models of the Data Bureau's 全流程监管 (第三条): for one star-list year, every published
 * entry with the stage it has reached, and the year's figures — issuance (plan and budget),
 * claims, vouchers and their use by service category and month. Read-only; amounts in fen.
 *
 * A write-off belongs to the list year of the voucher it drew on (a bill that drew on two
 * vouchers counts in each, for the part drawn from it), net of reversals.
 *
 * A read model across the flow by nature (issue 11; server/test/architecture/table-ownership):
 * it reads star_list_entries + star_list_batches (the published list), organisations,
 * certifications + certification_rounds, claims, plans, vouchers + voucher_tranches, and
 * deductions + deduction_allocations, and writes none of them.
 */
import type { RawSql } from '../../db/client.js';
import { type FlowStage, flowStage } from '../../domain/flow-stage.js';

export interface EnterpriseFlowRow {
  entryId: string;
  seqNo: number;
  batchNo: number;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: number;
  stage: FlowStage;
  claimId: string | null;
  voucherId: string | null;
  grantedAt: string | null;
  /** 0 until a voucher is granted. */
  amount: number;
  used: number;
  voided: number;
  available: number;
  pending: number;
}

interface EntryRow {
  entry_id: string;
  seq_no: number;
  batch_no: number;
  county: string;
  enterprise_name: string;
  credit_code: string;
  star: number;
  certified_at: Date | string | null;
  certification_status: 'submitted' | 'returned' | 'approved' | null;
  claim_id: string | null;
  claim_status: 'submitted' | 'returned' | 'approved' | null;
  voucher_id: string | null;
  granted_at: Date | string | null;
  amount: string | null;
  used: string | null;
  voided: string | null;
  expired_unrecorded: string | null;
  available: string | null;
  pending: string | null;
  all_expired: boolean | null;
}

/**
 * Every published entry of the year with its stage, in list order. The certification is the
 * latest round naming the credit code (before approval the organisation carries no code).
 */
export async function enterpriseFlow(
  sql: RawSql,
  listYear: number,
  now: Date,
): Promise<EnterpriseFlowRow[]> {
  const rows = await sql.query<EntryRow>(
    `WITH entries AS (
       SELECT e.id, e.seq_no, b.batch_no, e.county, e.enterprise_name, e.credit_code, e.star
         FROM star_list_entries e
         JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
        WHERE e.list_year = $1),
     latest_certification AS (
       SELECT DISTINCT ON (r.credit_code) r.credit_code, c.status
         FROM certifications c
         JOIN certification_rounds r
           ON r.certification_id = c.id AND r.round_no = c.current_round
        WHERE r.credit_code IN (SELECT credit_code FROM entries)
        ORDER BY r.credit_code, c.updated_at DESC)
     SELECT en.id AS entry_id, en.seq_no, en.batch_no, en.county, en.enterprise_name,
            en.credit_code, en.star, o.certified_at, lc.status AS certification_status,
            cl.id AS claim_id, cl.status AS claim_status, v.id AS voucher_id, v.granted_at,
            t.amount, t.used, t.voided, t.expired_unrecorded, t.available, t.pending,
            t.all_expired
       FROM entries en
       LEFT JOIN organisations o ON o.credit_code = en.credit_code
       LEFT JOIN latest_certification lc ON lc.credit_code = en.credit_code
       LEFT JOIN claims cl ON cl.entry_id = en.id
       LEFT JOIN vouchers v ON v.credit_code = en.credit_code AND v.list_year = $1
       LEFT JOIN LATERAL (
         SELECT sum(amount) AS amount, sum(used) AS used, sum(voided) AS voided,
                coalesce(sum(balance) FILTER (WHERE expires_at <= $2), 0) AS expired_unrecorded,
                coalesce(sum(balance) FILTER (WHERE active_from <= $2 AND expires_at > $2), 0)
                  AS available,
                coalesce(sum(balance) FILTER (WHERE active_from > $2), 0) AS pending,
                bool_and(expires_at <= $2) AS all_expired
           FROM voucher_tranches WHERE voucher_id = v.id) t ON v.id IS NOT NULL
      ORDER BY en.batch_no, en.seq_no, en.credit_code`,
    [listYear, now],
  );
  return rows.map((row) => {
    const granted = row.voucher_id !== null;
    const available = Number(row.available ?? 0);
    const pending = Number(row.pending ?? 0);
    return {
      entryId: row.entry_id,
      seqNo: row.seq_no,
      batchNo: row.batch_no,
      county: row.county,
      enterpriseName: row.enterprise_name,
      creditCode: row.credit_code,
      star: row.star,
      stage: flowStage({
        certifiedAt: row.certified_at ? new Date(row.certified_at) : null,
        certificationStatus: row.certification_status,
        claimStatus: row.claim_status,
        voucher: granted
          ? { usable: available + pending, allExpired: row.all_expired === true }
          : null,
      }),
      claimId: row.claim_id,
      voucherId: row.voucher_id,
      grantedAt: row.granted_at ? new Date(row.granted_at).toISOString() : null,
      amount: Number(row.amount ?? 0),
      used: Number(row.used ?? 0),
      // Before the expiry job runs, an expired balance is still on the row; it is void already.
      voided: Number(row.voided ?? 0) + Number(row.expired_unrecorded ?? 0),
      available,
      pending,
    };
  });
}

export interface WriteOffFigures {
  /** Bills that drew on the year's vouchers. */
  bills: number;
  /** Drawn less reversed. */
  net: number;
  reversed: number;
  byCategory: { category: string; bills: number; net: number }[];
  /** Calendar months in the programme's time zone, oldest first. */
  byMonth: { month: string; category: string; net: number }[];
}

export async function writeOffFigures(
  sql: RawSql,
  listYear: number,
  timeZone: string,
): Promise<WriteOffFigures> {
  const rows = await sql.query<{
    category: string;
    month: string;
    bills: string;
    drawn: string;
    reversed: string;
  }>(
    `SELECT d.category, to_char(d.created_at AT TIME ZONE $2, 'YYYY-MM') AS month,
            count(DISTINCT d.id) AS bills, sum(a.amount) AS drawn, sum(a.reversed) AS reversed
       FROM deduction_allocations a
       JOIN voucher_tranches t ON t.id = a.tranche_id
       JOIN vouchers v ON v.id = t.voucher_id AND v.list_year = $1
       JOIN deductions d ON d.id = a.deduction_id
      GROUP BY d.category, month
      ORDER BY month, d.category`,
    [listYear, timeZone],
  );
  const byCategory = new Map<string, { category: string; bills: number; net: number }>();
  let reversed = 0;
  let net = 0;
  const byMonth = rows.map((row) => {
    const rowNet = Number(row.drawn) - Number(row.reversed);
    reversed += Number(row.reversed);
    net += rowNet;
    const category = byCategory.get(row.category) ?? { category: row.category, bills: 0, net: 0 };
    category.bills += Number(row.bills);
    category.net += rowNet;
    byCategory.set(row.category, category);
    return { month: row.month, category: row.category, net: rowNet };
  });
  // A bill has one category and one instant, so it falls in exactly one (category, month) row
  // (counted there once, even when it drew on two of the year's vouchers): the sum is exact.
  const bills = [...byCategory.values()].reduce((sum, category) => sum + category.bills, 0);
  return { bills, net, reversed, byCategory: [...byCategory.values()], byMonth };
}

/** The list years anything exists for (a plan or a star-list batch), newest first. */
export async function supervisedYears(sql: RawSql): Promise<number[]> {
  const rows = await sql.query<{ list_year: number }>(
    `SELECT list_year FROM plans UNION SELECT list_year FROM star_list_batches
      ORDER BY list_year DESC`,
  );
  return rows.map((row) => row.list_year);
}

/** Entries of the year's batches not yet published (the DRC's drafts), by star. */
export async function listFigures(
  sql: RawSql,
  listYear: number,
): Promise<{ published: number; drafts: number }> {
  const [row] = await sql.query<{ published: string; drafts: string }>(
    `SELECT count(*) FILTER (WHERE b.status = 'published') AS published,
            count(*) FILTER (WHERE b.status = 'draft') AS drafts
       FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
      WHERE e.list_year = $1`,
    [listYear],
  );
  return { published: Number(row?.published ?? 0), drafts: Number(row?.drafts ?? 0) };
}

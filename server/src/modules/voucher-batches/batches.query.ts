/**
 * The voucher batches as the operator's pages show them: each with its plan, how many offers
 * it makes (the published entries of the plan's year) and their claims by status.
 *
 * @read-model reads: plans, star_list_entries, star_list_batches, claims — a batch's page
 *   shows its plan's year, title and claim window beside counts over the year's published
 *   list and its claims, one row per batch in SQL. Star-lists and claims import
 *   voucher-batches, so they cannot be asked for the counts without an import cycle.
 */
import type { RawSql } from '../../db/client.js';
import type { ClaimStatus } from './offers.query.js';

export interface VoucherBatchView {
  id: string;
  planId: string;
  name: string;
  claimInstructions: string;
  status: 'configured' | 'issued';
  configuredBy: string;
  configuredAt: string;
  issuedBy: string | null;
  issuedAt: string | null;
  plan: {
    listYear: number;
    title: string;
    status: 'draft' | 'approved';
    claimOpensAt: string;
    claimClosesAt: string;
  };
  /** Published entries of the plan's year: the offers once issued. */
  offerCount: number;
  /** Claims of those entries, by status. */
  claims: Record<ClaimStatus, number>;
}

interface BatchRow {
  id: string;
  plan_id: string;
  name: string;
  claim_instructions: string;
  status: 'configured' | 'issued';
  configured_by: string;
  configured_at: Date;
  issued_by: string | null;
  issued_at: Date | null;
  list_year: number;
  plan_title: string;
  plan_status: 'draft' | 'approved';
  claim_opens_at: Date;
  claim_closes_at: Date;
  offer_count: string | number;
  submitted: string | number;
  returned: string | number;
  approved: string | number;
}

const BATCH_SELECT = `
  SELECT vb.*, p.list_year, p.title AS plan_title, p.status AS plan_status, p.claim_opens_at,
         p.claim_closes_at,
         (SELECT count(*) FROM star_list_entries e
            JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
           WHERE e.list_year = p.list_year) AS offer_count,
         (SELECT count(*) FROM claims c WHERE c.list_year = p.list_year
             AND c.status = 'submitted') AS submitted,
         (SELECT count(*) FROM claims c WHERE c.list_year = p.list_year
             AND c.status = 'returned') AS returned,
         (SELECT count(*) FROM claims c WHERE c.list_year = p.list_year
             AND c.status = 'approved') AS approved
    FROM voucher_batches vb JOIN plans p ON p.id = vb.plan_id`;

const present = (row: BatchRow): VoucherBatchView => ({
  id: row.id,
  planId: row.plan_id,
  name: row.name,
  claimInstructions: row.claim_instructions,
  status: row.status,
  configuredBy: row.configured_by,
  configuredAt: new Date(row.configured_at).toISOString(),
  issuedBy: row.issued_by,
  issuedAt: row.issued_at ? new Date(row.issued_at).toISOString() : null,
  plan: {
    listYear: row.list_year,
    title: row.plan_title,
    status: row.plan_status,
    claimOpensAt: new Date(row.claim_opens_at).toISOString(),
    claimClosesAt: new Date(row.claim_closes_at).toISOString(),
  },
  offerCount: Number(row.offer_count),
  claims: {
    submitted: Number(row.submitted),
    returned: Number(row.returned),
    approved: Number(row.approved),
  },
});

/** The batch with this id, as its page shows it; null when there is none. */
export async function batchView(sql: RawSql, batchId: string): Promise<VoucherBatchView | null> {
  const [row] = await sql.query<BatchRow>(`${BATCH_SELECT} WHERE vb.id = $1`, [batchId]);
  return row ? present(row) : null;
}

/** Every batch, latest list year first. */
export async function batchViews(sql: RawSql): Promise<VoucherBatchView[]> {
  const rows = await sql.query<BatchRow>(`${BATCH_SELECT} ORDER BY p.list_year DESC`);
  return rows.map(present);
}

/**
 * What a claim needs to know from other modules' tables: the enterprise's organisation and
 * certification, the star-list entry with its year's plan and voucher batch, a voucher already
 * granted for the same credit code and year, the uploaded contract's file, the granted
 * voucher's tranches, and the Data Bureau's reviewers to notify. These are the claims module's
 * cross-module reads (listed in server/test/architecture/table-ownership.test.ts), kept in one
 * file so that turning them into calls to their owners touches one place.
 */
import type { RawSql } from '../../db/client.js';
import type { EntryFacts } from './claims.checks.js';

export interface OrganisationFacts {
  id: string;
  name: string;
  creditCode: string | null;
  certifiedAt: Date | null;
}

export async function organisationFacts(
  sql: RawSql,
  organisationId: string,
): Promise<OrganisationFacts | null> {
  const [row] = await sql.query<{
    id: string;
    name: string;
    credit_code: string | null;
    certified_at: Date | null;
  }>(
    `SELECT id, name, credit_code, certified_at FROM organisations
      WHERE id = $1 AND kind = 'enterprise'`,
    [organisationId],
  );
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    certifiedAt: row.certified_at ? new Date(row.certified_at) : null,
  };
}

interface EntryRow {
  id: string;
  list_year: number;
  star: number;
  enterprise_name: string;
  credit_code: string;
  city: string;
  county: string;
  seq_no: number;
  batch_id: string;
  batch_no: number;
  batch_title: string;
  batch_status: 'draft' | 'published';
  published_at: Date | null;
  plan_id: string | null;
  plan_title: string | null;
  plan_status: 'draft' | 'approved' | null;
  claim_opens_at: Date | null;
  claim_closes_at: Date | null;
  budget_balance: string | number | null;
  voucher_batch_status: 'configured' | 'issued' | null;
  claim_instructions: string | null;
}

export interface EntryDetail extends EntryFacts {
  city: string;
  county: string;
  seqNo: number;
  batchId: string;
  batchTitle: string;
  planTitle: string | null;
  claimInstructions: string | null;
}

const ENTRY_COLUMNS = `
  e.id, e.list_year, e.star, e.enterprise_name, e.credit_code, e.city, e.county, e.seq_no,
  b.id AS batch_id, b.batch_no, b.title AS batch_title, b.status AS batch_status, b.published_at,
  p.id AS plan_id, p.title AS plan_title, p.status AS plan_status, p.claim_opens_at,
  p.claim_closes_at, p.budget_balance, vb.status AS voucher_batch_status, vb.claim_instructions`;

const ENTRY_FROM = `
  FROM star_list_entries e
  JOIN star_list_batches b ON b.id = e.batch_id
  LEFT JOIN plans p ON p.list_year = e.list_year
  LEFT JOIN voucher_batches vb ON vb.plan_id = p.id`;

function presentEntry(row: EntryRow): EntryDetail {
  return {
    id: row.id,
    listYear: row.list_year,
    star: row.star,
    enterpriseName: row.enterprise_name,
    creditCode: row.credit_code,
    city: row.city,
    county: row.county,
    seqNo: row.seq_no,
    batchId: row.batch_id,
    batchNo: row.batch_no,
    batchTitle: row.batch_title,
    batchStatus: row.batch_status,
    publishedAt: row.published_at ? new Date(row.published_at) : null,
    plan:
      row.plan_id && row.plan_status && row.claim_opens_at && row.claim_closes_at
        ? {
            id: row.plan_id,
            status: row.plan_status,
            claimOpensAt: new Date(row.claim_opens_at),
            claimClosesAt: new Date(row.claim_closes_at),
            budgetBalance: Number(row.budget_balance),
          }
        : null,
    planTitle: row.plan_title,
    voucherBatchStatus: row.voucher_batch_status,
    claimInstructions: row.claim_instructions,
  };
}

/** A star-list entry with its batch, its year's plan and voucher batch; any organisation's. */
export async function entryDetail(sql: RawSql, entryId: string): Promise<EntryDetail | null> {
  const [row] = await sql.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} ${ENTRY_FROM} WHERE e.id = $1`, [
    entryId,
  ]);
  return row ? presentEntry(row) : null;
}

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

export interface FileMetaRow {
  id: string;
  sha256: string;
  size: string | number;
  media_type: string;
  original_name: string;
  created_at: Date;
}

/** The organisation's own uploaded service contract. */
export async function ownContractFile(
  sql: RawSql,
  fileId: string,
  organisationId: string,
): Promise<FileMetaRow | null> {
  const [row] = await sql.query<FileMetaRow>(
    `SELECT id, sha256, size, media_type, original_name, created_at FROM files
      WHERE id = $1 AND organisation_id = $2 AND purpose = 'service_contract'`,
    [fileId, organisationId],
  );
  return row ?? null;
}

export interface CertificationSummaryRow {
  status: 'submitted' | 'returned' | 'approved';
  round_no: number;
  enterprise_name: string;
  credit_code: string;
  legal_representative: string;
  address: string;
  contact_name: string;
  agent_name: string;
  agent_mobile_masked: string;
  licence_file_id: string;
  authorisation_file_id: string;
  submitted_at: Date;
  decision: 'approved' | 'returned' | null;
  reviewed_at: Date | null;
}

/** The organisation's certification as last submitted (and decided). */
export async function certificationSummary(
  sql: RawSql,
  organisationId: string,
): Promise<CertificationSummaryRow | null> {
  const [row] = await sql.query<CertificationSummaryRow>(
    `SELECT c.status, r.round_no, r.enterprise_name, r.credit_code, r.legal_representative,
            r.address, r.contact_name, r.agent_name, r.agent_mobile_masked, r.licence_file_id,
            r.authorisation_file_id, r.submitted_at, r.decision, r.reviewed_at
       FROM certifications c
       JOIN certification_rounds r ON r.certification_id = c.id AND r.round_no = c.current_round
      WHERE c.organisation_id = $1`,
    [organisationId],
  );
  return row ?? null;
}

export interface VoucherSummaryRow {
  id: string;
  amount: string | number;
  granted_at: Date;
  seq: number;
  tranche_amount: string | number;
  active_from: Date;
  expires_at: Date;
}

export async function voucherWithTranches(
  sql: RawSql,
  voucherId: string,
): Promise<VoucherSummaryRow[]> {
  return sql.query<VoucherSummaryRow>(
    `SELECT v.id, v.amount, v.granted_at, t.seq, t.amount AS tranche_amount, t.active_from,
            t.expires_at
       FROM vouchers v JOIN voucher_tranches t ON t.voucher_id = v.id
      WHERE v.id = $1 ORDER BY t.seq`,
    [voucherId],
  );
}

/** The Data Bureau's active reviewers and administrators, told of new submissions. */
export async function claimReviewers(sql: RawSql): Promise<Array<{ id: string; role: string }>> {
  return sql.query<{ id: string; role: string }>(
    `SELECT u.id, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id
      WHERE o.kind = 'department' AND o.department_code = 'data_bureau' AND NOT u.disabled
        AND u.role IN ('data_bureau_reviewer', 'data_bureau_admin')`,
  );
}

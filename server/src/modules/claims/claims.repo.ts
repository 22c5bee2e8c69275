/**
 * Claims' queries. Enterprise-facing reads are always scoped to the caller's organisation;
 * the review queue reads across organisations (the Data Bureau's permission decides that).
 * Functions take the `RawSql` to run on, so the same query serves a transaction.
 */
import type { RawSql } from '../../db/client.js';
import type { EntryFacts } from './claims.checks.js';

export type ClaimStatus = 'submitted' | 'returned' | 'approved';
export const CLAIM_STATUSES: readonly ClaimStatus[] = ['submitted', 'returned', 'approved'];

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

export interface ClaimRow {
  id: string;
  organisation_id: string;
  entry_id: string;
  list_year: number;
  status: ClaimStatus;
  current_round: number;
  voucher_id: string | null;
  approved_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Locks a claim for a decision or a resubmission; `organisationId` scopes it to its owner. */
export async function lockClaim(
  tx: RawSql,
  claimId: string,
  organisationId?: string,
): Promise<ClaimRow | null> {
  const [row] = await tx.query<ClaimRow>(
    `SELECT * FROM claims WHERE id = $1 AND ($2::text IS NULL OR organisation_id = $2)
        FOR UPDATE`,
    [claimId, organisationId ?? null],
  );
  return row ?? null;
}

export async function claimIdForEntry(sql: RawSql, entryId: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>('SELECT id FROM claims WHERE entry_id = $1', [
    entryId,
  ]);
  return row?.id ?? null;
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

/** The claim a contract's content backs, if any. */
export async function contractOwner(sql: RawSql, sha256: string): Promise<string | null> {
  const [row] = await sql.query<{ claim_id: string }>(
    'SELECT claim_id FROM claim_contracts WHERE sha256 = $1',
    [sha256],
  );
  return row?.claim_id ?? null;
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

export async function insertClaim(
  tx: RawSql,
  claim: { id: string; organisationId: string; entryId: string; listYear: number; now: Date },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO claims (id, organisation_id, entry_id, list_year, status, current_round,
       created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'submitted', 1, $5, $5)
     ON CONFLICT (entry_id) DO NOTHING RETURNING id`,
    [claim.id, claim.organisationId, claim.entryId, claim.listYear, claim.now],
  );
  return rows.length === 1;
}

export async function insertRound(
  tx: RawSql,
  round: {
    id: string;
    claimId: string;
    roundNo: number;
    contractFileId: string;
    contractSha256: string;
    checks: unknown;
    submittedBy: string;
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO claim_rounds (id, claim_id, round_no, contract_file_id, contract_sha256, checks,
       submitted_by, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      round.id,
      round.claimId,
      round.roundNo,
      round.contractFileId,
      round.contractSha256,
      JSON.stringify(round.checks),
      round.submittedBy,
      round.now,
    ],
  );
}

/**
 * Binds a contract's content to a claim. True when it is (now or already) this claim's; false
 * when another claim holds it. A concurrent insert of the same content waits here and loses.
 */
export async function bindContract(tx: RawSql, sha256: string, claimId: string): Promise<boolean> {
  await tx.query(
    'INSERT INTO claim_contracts (sha256, claim_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [sha256, claimId],
  );
  return (await contractOwner(tx, sha256)) === claimId;
}

export interface RoundRow {
  id: string;
  claim_id: string;
  round_no: number;
  contract_file_id: string;
  contract_sha256: string;
  checks: unknown;
  submitted_by: string;
  submitted_at: Date;
  decision: 'approved' | 'returned' | null;
  reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  file_name: string;
  file_media_type: string;
  file_size: string | number;
  submitted_by_name: string | null;
  reviewed_by_name: string | null;
}

/** The latest round of a claim, for a decision. */
export async function currentRound(
  sql: RawSql,
  claim: { id: string; current_round: number },
): Promise<{ id: string; decision: string | null; contract_sha256: string } | null> {
  const [row] = await sql.query<{ id: string; decision: string | null; contract_sha256: string }>(
    `SELECT id, decision, contract_sha256 FROM claim_rounds
      WHERE claim_id = $1 AND round_no = $2`,
    [claim.id, claim.current_round],
  );
  return row ?? null;
}

export async function decideRound(
  tx: RawSql,
  roundId: string,
  decision: { decision: 'approved' | 'returned'; reason: string | null; by: string; at: Date },
): Promise<void> {
  await tx.query(
    `UPDATE claim_rounds SET decision = $2, reason = $3, reviewed_by = $4, reviewed_at = $5
      WHERE id = $1`,
    [roundId, decision.decision, decision.reason, decision.by, decision.at],
  );
}

/** Every round of the given claims, oldest first, with the contract's file and the people. */
export async function roundsOf(sql: RawSql, claimIds: string[]): Promise<RoundRow[]> {
  if (claimIds.length === 0) return [];
  return sql.query<RoundRow>(
    `SELECT r.*, f.original_name AS file_name, f.media_type AS file_media_type,
            f.size AS file_size, su.name AS submitted_by_name, ru.name AS reviewed_by_name
       FROM claim_rounds r
       JOIN files f ON f.id = r.contract_file_id
       LEFT JOIN users su ON su.id = r.submitted_by
       LEFT JOIN users ru ON ru.id = r.reviewed_by
      WHERE r.claim_id = ANY($1::text[])
      ORDER BY r.claim_id, r.round_no`,
    [claimIds],
  );
}

export interface ClaimListRow extends ClaimRow {
  organisation_name: string;
  credit_code: string;
  star: number;
  list_name: string;
  voucher_amount: string | number | null;
  round_submitted_at: Date;
  round_checks: { ok?: boolean } | null;
}

const CLAIM_LIST_SELECT = `
  SELECT c.*, o.name AS organisation_name, e.credit_code, e.star,
         e.enterprise_name AS list_name, v.amount AS voucher_amount,
         r.submitted_at AS round_submitted_at, r.checks AS round_checks
    FROM claims c
    JOIN organisations o ON o.id = c.organisation_id
    JOIN star_list_entries e ON e.id = c.entry_id
    JOIN claim_rounds r ON r.claim_id = c.id AND r.round_no = c.current_round
    LEFT JOIN vouchers v ON v.id = c.voucher_id`;

/** One claim; with `organisationId`, only if it is that organisation's. */
export async function claimById(
  sql: RawSql,
  claimId: string,
  organisationId?: string,
): Promise<ClaimListRow | null> {
  const [row] = await sql.query<ClaimListRow>(
    `${CLAIM_LIST_SELECT} WHERE c.id = $1 AND ($2::text IS NULL OR c.organisation_id = $2)`,
    [claimId, organisationId ?? null],
  );
  return row ?? null;
}

export async function claimsOfOrganisation(
  sql: RawSql,
  organisationId: string,
): Promise<ClaimListRow[]> {
  return sql.query<ClaimListRow>(
    `${CLAIM_LIST_SELECT} WHERE c.organisation_id = $1 ORDER BY c.list_year DESC, c.created_at DESC`,
    [organisationId],
  );
}

export interface QueueFilter {
  status?: ClaimStatus | undefined;
  year?: number | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** `%text%` for ILIKE, with the pattern characters of the search taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The review queue: waiting claims oldest first, otherwise the latest activity first. */
export async function queue(
  sql: RawSql,
  filter: QueueFilter,
): Promise<{ rows: ClaimListRow[]; total: number; counts: Record<ClaimStatus, number> }> {
  const q = filter.q?.trim() ? containsPattern(filter.q.trim()) : null;
  const where = `($1::int IS NULL OR c.list_year = $1)
    AND ($2::text IS NULL OR o.name ILIKE $2 OR e.enterprise_name ILIKE $2 OR e.credit_code ILIKE $2)`;
  const order =
    filter.status === 'submitted'
      ? 'r.submitted_at ASC, c.id'
      : 'c.updated_at DESC, r.submitted_at DESC, c.id';
  const rows = await sql.query<ClaimListRow>(
    `${CLAIM_LIST_SELECT}
      WHERE ${where} AND ($3::text IS NULL OR c.status = $3)
      ORDER BY ${order} LIMIT $4 OFFSET $5`,
    [
      filter.year ?? null,
      q,
      filter.status ?? null,
      filter.pageSize,
      (filter.page - 1) * filter.pageSize,
    ],
  );
  const countRows = await sql.query<{ status: ClaimStatus; n: string | number }>(
    `SELECT c.status, count(*) AS n
       FROM claims c
       JOIN organisations o ON o.id = c.organisation_id
       JOIN star_list_entries e ON e.id = c.entry_id
      WHERE ${where}
      GROUP BY c.status`,
    [filter.year ?? null, q],
  );
  const counts: Record<ClaimStatus, number> = { submitted: 0, returned: 0, approved: 0 };
  for (const row of countRows) counts[row.status] = Number(row.n);
  const total = filter.status
    ? counts[filter.status]
    : counts.submitted + counts.returned + counts.approved;
  return { rows, total, counts };
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

/** The claim's new state after a resubmission, an approval or a return. */
export async function markResubmitted(
  tx: RawSql,
  claimId: string,
  roundNo: number,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE claims SET status = 'submitted', current_round = $2, updated_at = $3 WHERE id = $1`,
    [claimId, roundNo, at],
  );
}

export async function markApproved(
  tx: RawSql,
  claimId: string,
  voucherId: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE claims SET status = 'approved', voucher_id = $2, approved_at = $3, updated_at = $3
      WHERE id = $1`,
    [claimId, voucherId, at],
  );
}

export async function markReturned(tx: RawSql, claimId: string, at: Date): Promise<void> {
  await tx.query(`UPDATE claims SET status = 'returned', updated_at = $2 WHERE id = $1`, [
    claimId,
    at,
  ]);
}

/** The Data Bureau's active reviewers and administrators, told of new submissions. */
export async function claimReviewers(sql: RawSql): Promise<Array<{ id: string; role: string }>> {
  return sql.query<{ id: string; role: string }>(
    `SELECT u.id, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id
      WHERE o.kind = 'department' AND o.department_code = 'data_bureau' AND NOT u.disabled
        AND u.role IN ('data_bureau_reviewer', 'data_bureau_admin')`,
  );
}

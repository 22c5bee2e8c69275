/**
 * Claims as the pages list them: one claim, an organisation's claims, and the Data Bureau's
 * review queue with its counts by status, each row with the enterprise's name, its list entry
 * and the granted voucher's amount; and every round of a claim with its contract file and the
 * people who submitted and decided it. Enterprise-facing reads are always scoped to the
 * caller's organisation; the queue reads across organisations (the Data Bureau's permission
 * decides that).
 *
 * @read-model reads: organisations, star_list_entries, vouchers, files, users — the lists show,
 *   and the queue filters by, the enterprise's name and its list entry, with the granted
 *   voucher's amount; each round shows its contract file and who submitted and decided it.
 *   Joined in SQL: the queue is filtered, ordered, counted and paged in the database.
 */
import type { RawSql } from '../../db/client.js';
import type { ClaimRow, ClaimStatus } from './claims.repo.js';

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

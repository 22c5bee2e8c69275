/**
 * The claim's own tables: `claims` (one per list entry, its status and current round),
 * `claim_rounds` (each submission of the contract and its decision) and `claim_contracts`
 * (which claim a contract's content backs). Reads and writes, for the services' transactions;
 * the lists and the review queue are in claims.listing.ts, the facts other modules hold about
 * a claim in claims.facts.ts. Functions take the `RawSql` to run on, so the same query serves
 * a transaction.
 */
import type { RawSql } from '../../db/client.js';

export type ClaimStatus = 'submitted' | 'returned' | 'approved';
export const CLAIM_STATUSES: readonly ClaimStatus[] = ['submitted', 'returned', 'approved'];

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

/** The claim a contract's content backs, if any. */
export async function contractOwner(sql: RawSql, sha256: string): Promise<string | null> {
  const [row] = await sql.query<{ claim_id: string }>(
    'SELECT claim_id FROM claim_contracts WHERE sha256 = $1',
    [sha256],
  );
  return row?.claim_id ?? null;
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

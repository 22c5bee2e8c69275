/**
 * An offer (policy-rules.md, "Issuance plan and budget") is not stored: it is a published
 * star-list entry of a year whose approved plan has an issued voucher batch. Entries
 * published after the batch was issued are offers too. The amount is the tier of the policy
 * in force, which is the one the ledger grants under (ledger.service.ts).
 */
import type { RawSql } from '../../db/client.js';
import { parsePolicy } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import { DEFAULT_PROGRAMME } from '../policies/policies.service.js';

export type ClaimStatus = 'submitted' | 'returned' | 'approved';

export interface Offer {
  entryId: string;
  listYear: number;
  star: number;
  /** Fen: the tier amount of the policy in force. */
  amount: number;
  /** As on the star list (a certified name that differs is shown to the reviewer). */
  enterpriseName: string;
  creditCode: string;
  city: string;
  county: string;
  starListBatchId: string;
  planId: string;
  voucherBatchId: string;
  claimOpensAt: Date;
  claimClosesAt: Date;
  /** claimOpensAt ≤ now < claimClosesAt. */
  windowOpen: boolean;
  claimInstructions: string;
  claim: { id: string; status: ClaimStatus } | null;
}

export interface OfferQuery {
  creditCode: string;
  listYear?: number;
  /** One entry only (e.g. the entry a claim is for). */
  entryId?: string;
  /** The clock's now: decides windowOpen. */
  now: Date;
}

interface OfferRow {
  entry_id: string;
  list_year: number;
  star: number;
  enterprise_name: string;
  credit_code: string;
  city: string;
  county: string;
  batch_id: string;
  plan_id: string;
  claim_opens_at: Date;
  claim_closes_at: Date;
  voucher_batch_id: string;
  claim_instructions: string;
  claim_id: string | null;
  claim_status: ClaimStatus | null;
}

/** The tier amounts (fen by star) of the policy in force. */
export async function tierAmountsInForce(sql: RawSql): Promise<Record<3 | 4 | 5, number>> {
  const [row] = await sql.query<{ document: unknown }>(
    `SELECT document FROM policies WHERE programme = $1 AND superseded_at IS NULL
      ORDER BY published_at DESC LIMIT 1`,
    [DEFAULT_PROGRAMME],
  );
  if (!row) throw new AppError('POLICY_INVALID', `no policy in force for ${DEFAULT_PROGRAMME}`);
  return parsePolicy(row.document).tierAmounts;
}

/** The enterprise's current offers, latest list year first; [] when it has none. */
export async function offerFor(sql: RawSql, query: OfferQuery): Promise<Offer[]> {
  const rows = await sql.query<OfferRow>(
    `SELECT e.id AS entry_id, e.list_year, e.star, e.enterprise_name, e.credit_code, e.city,
            e.county, e.batch_id, p.id AS plan_id, p.claim_opens_at, p.claim_closes_at,
            vb.id AS voucher_batch_id, vb.claim_instructions, c.id AS claim_id,
            c.status AS claim_status
       FROM star_list_entries e
       JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
       JOIN plans p ON p.list_year = e.list_year AND p.status = 'approved'
       JOIN voucher_batches vb ON vb.plan_id = p.id AND vb.status = 'issued'
       LEFT JOIN claims c ON c.entry_id = e.id
      WHERE e.credit_code = $1
        AND ($2::int IS NULL OR e.list_year = $2::int)
        AND ($3::text IS NULL OR e.id = $3::text)
      ORDER BY e.list_year DESC, e.id`,
    [query.creditCode, query.listYear ?? null, query.entryId ?? null],
  );
  if (rows.length === 0) return [];
  const tiers = await tierAmountsInForce(sql);
  const now = query.now.getTime();
  return rows.map((row) => {
    const claimOpensAt = new Date(row.claim_opens_at);
    const claimClosesAt = new Date(row.claim_closes_at);
    return {
      entryId: row.entry_id,
      listYear: row.list_year,
      star: row.star,
      amount: tiers[row.star as 3 | 4 | 5],
      enterpriseName: row.enterprise_name,
      creditCode: row.credit_code,
      city: row.city,
      county: row.county,
      starListBatchId: row.batch_id,
      planId: row.plan_id,
      voucherBatchId: row.voucher_batch_id,
      claimOpensAt,
      claimClosesAt,
      windowOpen: claimOpensAt.getTime() <= now && now < claimClosesAt.getTime(),
      claimInstructions: row.claim_instructions,
      claim:
        row.claim_id && row.claim_status ? { id: row.claim_id, status: row.claim_status } : null,
    };
  });
}

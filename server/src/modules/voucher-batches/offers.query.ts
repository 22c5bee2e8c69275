/**
 * An offer (policy-rules.md, "Issuance plan and budget") is not stored: it is a published
 * star-list entry of a year whose approved plan has an issued voucher batch. Entries
 * published after the batch was issued are offers too. The amount is the tier of the policy
 * in force, which is the one the ledger grants under (ledger.service.ts). Here: one
 * enterprise's offers, a batch's offers as the operator pages through them, and the certified
 * enterprises holding one (to notify).
 *
 * @read-model reads: star_list_entries, star_list_batches, plans, claims, organisations — an
 *   offer is a view over the published list, the year's approved plan, the voucher batch and
 *   any claim of the entry; the batch's list filters by claim status and by enterprise and
 *   pages in SQL, and the holders to notify are the entries' certified enterprises. Claims
 *   import voucher-batches, so they cannot be asked without an import cycle. An entry's columns
 *   and their camelCase are the star lists' own (star-list.entry.ts).
 */
import type { RawSql } from '../../db/client.js';
import { tierAmountsInForce } from '../policies/policies.lookups.js';
import {
  ENTRY_COLUMNS,
  type StarListEntry,
  type StarListEntryRow,
  starListEntryOf,
} from '../star-lists/star-list.entry.js';

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

interface OfferRow extends StarListEntryRow {
  plan_id: string;
  claim_opens_at: Date;
  claim_closes_at: Date;
  voucher_batch_id: string;
  claim_instructions: string;
  claim_id: string | null;
  claim_status: ClaimStatus | null;
}

/** The enterprise's current offers, latest list year first; [] when it has none. */
export async function offerFor(sql: RawSql, query: OfferQuery): Promise<Offer[]> {
  const rows = await sql.query<OfferRow>(
    `SELECT ${ENTRY_COLUMNS}, p.id AS plan_id, p.claim_opens_at, p.claim_closes_at,
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
    const entry = starListEntryOf(row);
    return {
      entryId: entry.id,
      listYear: entry.listYear,
      star: entry.star,
      amount: tiers[entry.star as 3 | 4 | 5],
      enterpriseName: entry.enterpriseName,
      creditCode: entry.creditCode,
      city: entry.city,
      county: entry.county,
      starListBatchId: entry.batchId,
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

/** A published entry of the year as an offer (its ids as `entryId` and the batch's number). */
export interface OfferListItem extends Omit<StarListEntry, 'id' | 'batchId'> {
  entryId: string;
  starListBatchNo: number;
  amount: number;
  /** The platform's enterprise with this credit code, if one has registered it. */
  enterprise: { organisationId: string; name: string; certified: boolean } | null;
  claim: { id: string; status: ClaimStatus; voucherId: string | null } | null;
}

/** A year's offers (its published entries) with any claim, filtered and paged. */
export async function offersOfYear(
  sql: RawSql,
  listYear: number,
  filter: { q?: string | undefined; claimStatus?: ClaimStatus | 'none' | undefined },
  page: { page: number; pageSize: number },
): Promise<{ items: OfferListItem[]; total: number }> {
  const params: unknown[] = [listYear];
  const clauses = ['e.list_year = $1'];
  const q = filter.q?.trim();
  if (q) {
    params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    clauses.push(
      `(e.enterprise_name ILIKE $${params.length} OR e.credit_code ILIKE $${params.length})`,
    );
  }
  if (filter.claimStatus === 'none') clauses.push('c.id IS NULL');
  else if (filter.claimStatus) {
    params.push(filter.claimStatus);
    clauses.push(`c.status = $${params.length}`);
  }
  const from = `FROM star_list_entries e
    JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
    LEFT JOIN claims c ON c.entry_id = e.id
    LEFT JOIN organisations o ON o.kind = 'enterprise' AND o.credit_code = e.credit_code
    WHERE ${clauses.join(' AND ')}`;
  const rows = await sql.query<
    StarListEntryRow & {
      batch_no: number;
      organisation_id: string | null;
      organisation_name: string | null;
      certified_at: Date | null;
      claim_id: string | null;
      claim_status: ClaimStatus | null;
      voucher_id: string | null;
    }
  >(
    `SELECT ${ENTRY_COLUMNS}, b.batch_no, o.id AS organisation_id, o.name AS organisation_name,
            o.certified_at, c.id AS claim_id, c.status AS claim_status, c.voucher_id
       ${from}
      ORDER BY b.batch_no, e.seq_no, e.id
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.pageSize, (page.page - 1) * page.pageSize],
  );
  const [count] = await sql.query<{ total: string }>(`SELECT count(*) AS total ${from}`, params);
  const tiers = await tierAmountsInForce(sql);
  return {
    total: Number(count?.total ?? 0),
    items: rows.map((row) => {
      const entry = starListEntryOf(row);
      return {
        entryId: entry.id,
        listYear: entry.listYear,
        starListBatchNo: row.batch_no,
        seqNo: entry.seqNo,
        city: entry.city,
        county: entry.county,
        enterpriseName: entry.enterpriseName,
        creditCode: entry.creditCode,
        star: entry.star,
        amount: tiers[entry.star as 3 | 4 | 5],
        enterprise:
          row.organisation_id && row.organisation_name
            ? {
                organisationId: row.organisation_id,
                name: row.organisation_name,
                certified: row.certified_at !== null,
              }
            : null,
        claim:
          row.claim_id && row.claim_status
            ? { id: row.claim_id, status: row.claim_status, voucherId: row.voucher_id }
            : null,
      };
    }),
  };
}

/**
 * The certified enterprises (organisations.certified_at set) holding a published entry of
 * `listYear` — of `starListBatchId` only, when given — in credit-code order.
 */
export function offerHolders(
  sql: RawSql,
  scope: { listYear: number; starListBatchId?: string | undefined },
): Promise<Array<{ organisation_id: string; credit_code: string; star: number }>> {
  return sql.query<{ organisation_id: string; credit_code: string; star: number }>(
    `SELECT o.id AS organisation_id, e.credit_code, e.star
       FROM star_list_entries e
       JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
       JOIN organisations o ON o.kind = 'enterprise' AND o.credit_code = e.credit_code
                           AND o.certified_at IS NOT NULL
      WHERE e.list_year = $1 AND ($2::text IS NULL OR e.batch_id = $2::text)
      ORDER BY e.credit_code`,
    [scope.listYear, scope.starListBatchId ?? null],
  );
}

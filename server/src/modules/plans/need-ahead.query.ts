/**
 * The need ahead of a plan's budget: the year's published star-list entries that no voucher
 * has been granted for yet, counted by star — what granting every one of them would still take.
 *
 * @read-model reads: star_list_entries, star_list_batches, vouchers, claims — one aggregate
 *   over the published list less what the ledger and the claims have already covered, which
 *   the budget page shows; counted in SQL, since lists of entries, vouchers and claims fetched
 *   from their owners would be joined in memory for a count. Plans cannot ask star-lists or
 *   claims besides: both reach plans through voucher-batches (an import cycle).
 */
import type { RawSql } from '../../db/client.js';

type Star = 3 | 4 | 5;

/** Published entries of `listYear` with no voucher (by credit code and year, or by claim). */
export async function entriesAheadByStar(
  sql: RawSql,
  listYear: number,
): Promise<Record<Star, number>> {
  const rows = await sql.query<{ star: number; entries: string }>(
    `SELECT e.star, count(*) AS entries
       FROM star_list_entries e
       JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
      WHERE e.list_year = $1
        AND NOT EXISTS (SELECT 1 FROM vouchers v
                         WHERE v.credit_code = e.credit_code AND v.list_year = e.list_year)
        AND NOT EXISTS (SELECT 1 FROM claims c
                         WHERE c.entry_id = e.id AND c.voucher_id IS NOT NULL)
      GROUP BY e.star`,
    [listYear],
  );
  const byStar: Record<Star, number> = { 3: 0, 4: 0, 5: 0 };
  for (const row of rows) byStar[row.star as Star] = Number(row.entries);
  return byStar;
}

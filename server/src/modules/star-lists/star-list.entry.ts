/**
 * A star-list entry as the code speaks of it: a row of `star_list_entries`, selected with
 * `ENTRY_COLUMNS` from the table named `e`, mapped once to camelCase. The star lists' own views
 * and lookups use it, and so do the read models that show entries (voucher-batches'
 * offers.query.ts), each adding what it joins.
 */

export interface StarListEntry {
  id: string;
  batchId: string;
  listYear: number;
  seqNo: number;
  city: string;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: number;
}

/** The row `ENTRY_COLUMNS` selects. */
export interface StarListEntryRow {
  id: string;
  batch_id: string;
  list_year: number;
  seq_no: number;
  city: string;
  county: string;
  enterprise_name: string;
  credit_code: string;
  star: number;
}

/** The entry's columns, for a query that names `star_list_entries` as `e`. */
export const ENTRY_COLUMNS =
  'e.id, e.batch_id, e.list_year, e.seq_no, e.city, e.county, e.enterprise_name, e.credit_code, e.star';

export function starListEntryOf(row: StarListEntryRow): StarListEntry {
  return {
    id: row.id,
    batchId: row.batch_id,
    listYear: row.list_year,
    seqNo: row.seq_no,
    city: row.city,
    county: row.county,
    enterpriseName: row.enterprise_name,
    creditCode: row.credit_code,
    star: row.star,
  };
}

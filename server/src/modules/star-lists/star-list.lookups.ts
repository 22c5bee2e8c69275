/**
 * What other modules may ask of the star lists without reading their tables (issue 11 item 2):
 * the newest published entry for a credit code, which certification compares a submission
 * with, and one entry with its batch, which a claim is for. Takes the `RawSql` to run on.
 */
import type { RawSql } from '../../db/client.js';

export interface PublishedEntry {
  id: string;
  listYear: number;
  star: number;
  enterpriseName: string;
  county: string;
  batchTitle: string;
}

/** The newest published entry for a credit code (latest list year, then latest batch). */
export async function newestPublishedEntryOf(
  sql: RawSql,
  creditCode: string,
): Promise<PublishedEntry | null> {
  const [row] = await sql.query<{
    id: string;
    list_year: number;
    star: number;
    enterprise_name: string;
    county: string;
    title: string;
  }>(
    `SELECT e.id, e.list_year, e.star, e.enterprise_name, e.county, b.title
       FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
      WHERE e.credit_code = $1 AND b.status = 'published'
      ORDER BY e.list_year DESC, b.batch_no DESC LIMIT 1`,
    [creditCode],
  );
  return row
    ? {
        id: row.id,
        listYear: row.list_year,
        star: row.star,
        enterpriseName: row.enterprise_name,
        county: row.county,
        batchTitle: row.title,
      }
    : null;
}

export interface EntryWithBatch {
  id: string;
  listYear: number;
  star: number;
  enterpriseName: string;
  creditCode: string;
  city: string;
  county: string;
  seqNo: number;
  batchId: string;
  batchNo: number;
  batchTitle: string;
  batchStatus: 'draft' | 'published';
  publishedAt: Date | null;
}

/** An entry of any batch, draft or published, with its batch; null when there is none. */
export async function entryWithBatch(sql: RawSql, entryId: string): Promise<EntryWithBatch | null> {
  const [row] = await sql.query<{
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
  }>(
    `SELECT e.id, e.list_year, e.star, e.enterprise_name, e.credit_code, e.city, e.county,
            e.seq_no, b.id AS batch_id, b.batch_no, b.title AS batch_title,
            b.status AS batch_status, b.published_at
       FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
      WHERE e.id = $1`,
    [entryId],
  );
  return row
    ? {
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
      }
    : null;
}

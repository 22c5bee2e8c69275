/**
 * What other modules may ask of the star lists without reading their tables (issue 11 item 2):
 * the newest published entry for a credit code, which certification compares a submission
 * with, and one entry with its batch, which a claim is for. Takes the `RawSql` to run on.
 */
import type { RawSql } from '../../db/client.js';
import {
  ENTRY_COLUMNS,
  type StarListEntry,
  type StarListEntryRow,
  starListEntryOf,
} from './star-list.entry.js';

export interface PublishedEntry extends StarListEntry {
  batchTitle: string;
}

/** The newest published entry for a credit code (latest list year, then latest batch). */
export async function newestPublishedEntryOf(
  sql: RawSql,
  creditCode: string,
): Promise<PublishedEntry | null> {
  const [row] = await sql.query<StarListEntryRow & { title: string }>(
    `SELECT ${ENTRY_COLUMNS}, b.title
       FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
      WHERE e.credit_code = $1 AND b.status = 'published'
      ORDER BY e.list_year DESC, b.batch_no DESC LIMIT 1`,
    [creditCode],
  );
  return row ? { ...starListEntryOf(row), batchTitle: row.title } : null;
}

export interface EntryWithBatch extends StarListEntry {
  batchNo: number;
  batchTitle: string;
  batchStatus: 'draft' | 'published';
  publishedAt: Date | null;
}

/** An entry of any batch, draft or published, with its batch; null when there is none. */
export async function entryWithBatch(sql: RawSql, entryId: string): Promise<EntryWithBatch | null> {
  const [row] = await sql.query<
    StarListEntryRow & {
      batch_no: number;
      batch_title: string;
      batch_status: 'draft' | 'published';
      published_at: Date | null;
    }
  >(
    `SELECT ${ENTRY_COLUMNS}, b.batch_no, b.title AS batch_title, b.status AS batch_status,
            b.published_at
       FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
      WHERE e.id = $1`,
    [entryId],
  );
  return row
    ? {
        ...starListEntryOf(row),
        batchNo: row.batch_no,
        batchTitle: row.batch_title,
        batchStatus: row.batch_status,
        publishedAt: row.published_at ? new Date(row.published_at) : null,
      }
    : null;
}

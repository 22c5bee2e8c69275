/**
 * What other modules may ask of the star lists without reading their tables (issue 11 item 2):
 * today the newest published entry for a credit code, which certification compares a
 * submission with. Takes the `RawSql` to run on.
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

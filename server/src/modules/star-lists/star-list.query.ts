/**
 * What the star lists look like from outside: the batch and entry views, and the queries that
 * read them (a batch with its star counts and source file, the entry search, the per-year
 * summary, the years that list a credit code). Reading only; the import and the batch's
 * lifecycle are in star-lists.service.ts. Functions take the `RawSql` to run on.
 *
 * @read-model reads: files — the batch view shows its source file's name, type and size (a
 *   join in the batch listing).
 */
import type { RawSql } from '../../db/client.js';
import { AppError } from '../../errors.js';
import {
  ENTRY_COLUMNS,
  type StarListEntry,
  type StarListEntryRow,
  starListEntryOf,
} from './star-list.entry.js';

export interface BatchView {
  id: string;
  listYear: number;
  batchNo: number;
  title: string;
  status: 'draft' | 'published';
  entryCount: number;
  starCounts: { 3: number; 4: number; 5: number };
  sourceFile: { id: string; name: string; mediaType: string; size: number } | null;
  importedBy: string;
  importedAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
}

export interface EntryView extends StarListEntry {
  batchNo: number;
  batchStatus: 'draft' | 'published';
}

export interface EntryFilter {
  year?: number | undefined;
  batchId?: string | undefined;
  q?: string | undefined;
  star?: number | undefined;
  status?: 'draft' | 'published' | undefined;
}

export interface YearSummary {
  listYear: number;
  batchCount: number;
  publishedBatchCount: number;
  entryCount: number;
  publishedEntryCount: number;
}

interface BatchRow {
  id: string;
  list_year: number;
  batch_no: number;
  title: string;
  status: 'draft' | 'published';
  entry_count: number;
  source_file_id: string | null;
  file_name: string | null;
  file_media_type: string | null;
  file_size: string | number | null;
  imported_by: string;
  imported_at: Date;
  published_by: string | null;
  published_at: Date | null;
  star3: string | number;
  star4: string | number;
  star5: string | number;
}

const BATCH_SELECT = `
  SELECT b.*, f.original_name AS file_name, f.media_type AS file_media_type, f.size AS file_size,
         (SELECT count(*) FROM star_list_entries e WHERE e.batch_id = b.id AND e.star = 3) AS star3,
         (SELECT count(*) FROM star_list_entries e WHERE e.batch_id = b.id AND e.star = 4) AS star4,
         (SELECT count(*) FROM star_list_entries e WHERE e.batch_id = b.id AND e.star = 5) AS star5
    FROM star_list_batches b LEFT JOIN files f ON f.id = b.source_file_id`;

function presentBatch(row: BatchRow): BatchView {
  return {
    id: row.id,
    listYear: row.list_year,
    batchNo: row.batch_no,
    title: row.title,
    status: row.status,
    entryCount: row.entry_count,
    starCounts: { 3: Number(row.star3), 4: Number(row.star4), 5: Number(row.star5) },
    sourceFile:
      row.source_file_id && row.file_name
        ? {
            id: row.source_file_id,
            name: row.file_name,
            mediaType: row.file_media_type ?? '',
            size: Number(row.file_size),
          }
        : null,
    importedBy: row.imported_by,
    importedAt: new Date(row.imported_at).toISOString(),
    publishedBy: row.published_by,
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
  };
}

interface EntryRow extends StarListEntryRow {
  batch_no: number;
  batch_status: 'draft' | 'published';
}

const presentEntry = (row: EntryRow): EntryView => ({
  ...starListEntryOf(row),
  batchNo: row.batch_no,
  batchStatus: row.batch_status,
});

/** `q` as a LIKE pattern matching it anywhere, with its own % and _ taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function entryWhere(filter: EntryFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (filter.year !== undefined) add((n) => `e.list_year = ${n}`, filter.year);
  if (filter.batchId !== undefined) add((n) => `e.batch_id = ${n}`, filter.batchId);
  if (filter.star !== undefined) add((n) => `e.star = ${n}`, filter.star);
  if (filter.status !== undefined) add((n) => `b.status = ${n}`, filter.status);
  const q = filter.q?.trim();
  if (q) {
    add((n) => `(e.enterprise_name ILIKE ${n} OR e.credit_code ILIKE ${n})`, containsPattern(q));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export async function findBatch(sql: RawSql, batchId: string): Promise<BatchView> {
  const [row] = await sql.query<BatchRow>(`${BATCH_SELECT} WHERE b.id = $1`, [batchId]);
  if (!row) throw new AppError('STAR_LIST_BATCH_NOT_FOUND');
  return presentBatch(row);
}

export async function listBatches(
  sql: RawSql,
  filter: { year?: number | undefined },
): Promise<BatchView[]> {
  const rows = await sql.query<BatchRow>(
    `${BATCH_SELECT} WHERE ($1::int IS NULL OR b.list_year = $1::int)
      ORDER BY b.list_year DESC, b.batch_no DESC`,
    [filter.year ?? null],
  );
  return rows.map(presentBatch);
}

/**
 * The years whose published list names this credit code (newest first): the question an
 * enterprise asks before certifying, since only listed enterprises can claim (第七条).
 */
export async function publishedYearsOf(sql: RawSql, creditCode: string): Promise<number[]> {
  const rows = await sql.query<{ list_year: number }>(
    `SELECT DISTINCT e.list_year FROM star_list_entries e
       JOIN star_list_batches b ON b.id = e.batch_id
      WHERE e.credit_code = $1 AND b.status = 'published'
      ORDER BY e.list_year DESC`,
    [creditCode],
  );
  return rows.map((row) => Number(row.list_year));
}

export async function yearSummaries(sql: RawSql): Promise<YearSummary[]> {
  const rows = await sql.query<{
    list_year: number;
    batch_count: string;
    published_batch_count: string;
    entry_count: string;
    published_entry_count: string;
  }>(
    `SELECT list_year, count(*) AS batch_count,
            count(*) FILTER (WHERE status = 'published') AS published_batch_count,
            coalesce(sum(entry_count), 0) AS entry_count,
            coalesce(sum(entry_count) FILTER (WHERE status = 'published'), 0)
              AS published_entry_count
       FROM star_list_batches GROUP BY list_year ORDER BY list_year DESC`,
  );
  return rows.map((r) => ({
    listYear: r.list_year,
    batchCount: Number(r.batch_count),
    publishedBatchCount: Number(r.published_batch_count),
    entryCount: Number(r.entry_count),
    publishedEntryCount: Number(r.published_entry_count),
  }));
}

export async function findEntries(
  sql: RawSql,
  filter: EntryFilter,
  page: { page: number; pageSize: number },
): Promise<{ items: EntryView[]; total: number }> {
  const { where, params } = entryWhere(filter);
  const from = `FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id ${where}`;
  const rows = await sql.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS}, b.batch_no, b.status AS batch_status ${from}
      ORDER BY e.list_year DESC, b.batch_no, e.seq_no, e.id
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, page.pageSize, (page.page - 1) * page.pageSize],
  );
  const [count] = await sql.query<{ total: string }>(`SELECT count(*) AS total ${from}`, params);
  return { items: rows.map(presentEntry), total: Number(count?.total ?? 0) };
}

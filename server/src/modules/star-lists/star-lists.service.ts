/**
 * The DRC's star lists (省星级上云企业名单): one or more batches per list year, imported from
 * the provincial list's spreadsheet. An import is judged row by row and shown as a report
 * before anything is saved; the same file is then posted again to save it as a draft batch,
 * which is judged again under a per-year lock (stateless, safe across instances). Publishing
 * is irreversible and opens claims for the batch's entries.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import type { FilesService } from '../files/files.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { notifyOfferHolders } from '../voucher-batches/offers.notify.js';
import { CSV_TYPE, type ReadResult, readStarListFile, XLSX_TYPE } from './star-list.reader.js';
import {
  type ColumnIndex,
  creditCodesOf,
  dataRowsOf,
  locateHeader,
  type RowReport,
  STAR_LIST_COLUMNS,
  type StarListContext,
  type StarListReport,
  type TableRow,
  validateStarList,
} from './star-list.rules.js';
import { type ExportEntry, starListExport, starListTemplate } from './star-list.workbooks.js';

export const STAR_LIST_LIMITS = {
  maxFileBytes: 5 * 1024 * 1024,
  maxRows: 20_000,
  maxInflatedBytes: 40 * 1024 * 1024,
} as const;

export interface ImportPreview {
  listYear: number;
  fileName: string;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  sheetName: string | null;
  headerRowNo: number;
  columns: Array<{ key: string; header: string }>;
  rows: RowReport[];
  summary: StarListReport['summary'];
  /** Every row valid: the file can be imported. */
  canImport: boolean;
  /** Some rows have warnings: importing needs `confirmWarnings`. */
  needsConfirmation: boolean;
}

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

export interface EntryView {
  id: string;
  batchId: string;
  batchNo: number;
  batchStatus: 'draft' | 'published';
  listYear: number;
  seqNo: number;
  city: string;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: number;
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

interface Analysis {
  read: ReadResult;
  sheetName: string | null;
  headerRowNo: number;
  rows: TableRow[];
  columns: ColumnIndex;
  report: StarListReport;
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

interface EntryRow {
  id: string;
  batch_id: string;
  batch_no: number;
  batch_status: 'draft' | 'published';
  list_year: number;
  seq_no: number;
  city: string;
  county: string;
  enterprise_name: string;
  credit_code: string;
  star: number;
}

const presentEntry = (row: EntryRow): EntryView => ({
  id: row.id,
  batchId: row.batch_id,
  batchNo: row.batch_no,
  batchStatus: row.batch_status,
  listYear: row.list_year,
  seqNo: row.seq_no,
  city: row.city,
  county: row.county,
  enterpriseName: row.enterprise_name,
  creditCode: row.credit_code,
  star: row.star,
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

export class StarListsService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly deps: {
      files: FilesService;
      notifications: NotificationsService;
      policies: PoliciesService;
    },
  ) {}

  /** Reads and judges a file; saves nothing. */
  async preview(input: {
    bytes: Buffer;
    fileName: string;
    listYear: number;
  }): Promise<ImportPreview> {
    const analysis = await this.analyse(this.database.raw, input);
    return this.previewOf(input, analysis);
  }

  /**
   * Saves the file as a new draft batch of the year, only if every row is valid and, when
   * some rows carry warnings, the official has confirmed them.
   */
  async import(input: {
    bytes: Buffer;
    fileName: string;
    listYear: number;
    title: string;
    confirmWarnings: boolean;
    organisationId: string;
    importedBy: string;
  }): Promise<{ batch: BatchView; summary: StarListReport['summary'] }> {
    const first = await this.analyse(this.database.raw, input);
    this.assertImportable(input, first);
    const stored = await this.deps.files.store({
      bytes: input.bytes,
      originalName: input.fileName,
      purpose: 'star_list',
      organisationId: input.organisationId,
      uploadedBy: input.importedBy,
      allowedTypes: [XLSX_TYPE, 'application/zip', CSV_TYPE],
      maxBytes: STAR_LIST_LIMITS.maxFileBytes,
      textMediaType: CSV_TYPE,
    });
    const batchId = await this.database.raw.transaction(async (tx) => {
      // One import of a year at a time: the duplicate check and the insert see the same year.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`star-list:${input.listYear}`]);
      const context = await this.contextFor(
        tx,
        input.listYear,
        first.report.entries.map((e) => e.creditCode),
      );
      const report = validateStarList(first.rows, first.columns, context);
      this.assertImportable(input, { ...first, report });
      const [next] = await tx.query<{ batch_no: number }>(
        'SELECT coalesce(max(batch_no), 0) + 1 AS batch_no FROM star_list_batches WHERE list_year = $1',
        [input.listYear],
      );
      const id = randomUUID();
      await tx.query(
        `INSERT INTO star_list_batches (id, list_year, batch_no, title, status, source_file_id,
           entry_count, imported_by, imported_at)
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8)`,
        [
          id,
          input.listYear,
          next?.batch_no ?? 1,
          input.title,
          stored.id,
          report.entries.length,
          input.importedBy,
          this.clock.now(),
        ],
      );
      const column = <T>(pick: (e: (typeof report.entries)[number]) => T) =>
        report.entries.map(pick);
      await tx.query(
        `INSERT INTO star_list_entries (id, batch_id, list_year, seq_no, city, county,
           enterprise_name, credit_code, star)
         SELECT t.id, $1, $2, t.seq_no, t.city, t.county, t.enterprise_name, t.credit_code, t.star
           FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::int[]) AS t(id, seq_no, city, county, enterprise_name, credit_code, star)`,
        [
          id,
          input.listYear,
          column(() => randomUUID()),
          column((e) => e.seqNo),
          column((e) => e.city),
          column((e) => e.county),
          column((e) => e.enterpriseName),
          column((e) => e.creditCode),
          column((e) => e.star),
        ],
      );
      return id;
    });
    return { batch: await this.batch(batchId), summary: first.report.summary };
  }

  /** Publishes a draft batch: irreversible. Offers of an issued voucher batch are announced. */
  async publish(batchId: string, publishedBy: string): Promise<BatchView> {
    const policy = await this.deps.policies.inForce();
    await this.database.raw.transaction(async (tx) => {
      const batch = await this.lock(tx, batchId);
      if (batch.status === 'published') {
        throw new AppError('STAR_LIST_BATCH_PUBLISHED', '该批名单已发布，发布不可撤销');
      }
      await tx.query(
        `UPDATE star_list_batches SET status = 'published', published_by = $2, published_at = $3
          WHERE id = $1`,
        [batchId, publishedBy, this.clock.now()],
      );
      await notifyOfferHolders(tx, this.deps.notifications, {
        listYear: batch.list_year,
        starListBatchId: batchId,
        timeZone: policy.document.timeZone,
      });
    });
    return this.batch(batchId);
  }

  /** Deletes a draft batch and its entries; a published batch stays forever. */
  async deleteDraft(batchId: string): Promise<BatchView> {
    const view = await this.batch(batchId);
    await this.database.raw.transaction(async (tx) => {
      const batch = await this.lock(tx, batchId);
      if (batch.status === 'published') {
        throw new AppError('STAR_LIST_BATCH_PUBLISHED', '已发布的名单不能删除');
      }
      await tx.query('DELETE FROM star_list_entries WHERE batch_id = $1', [batchId]);
      await tx.query('DELETE FROM star_list_batches WHERE id = $1', [batchId]);
    });
    return view;
  }

  async batch(batchId: string): Promise<BatchView> {
    const [row] = await this.database.raw.query<BatchRow>(`${BATCH_SELECT} WHERE b.id = $1`, [
      batchId,
    ]);
    if (!row) throw new AppError('STAR_LIST_BATCH_NOT_FOUND');
    return presentBatch(row);
  }

  async batches(filter: { year?: number | undefined }): Promise<BatchView[]> {
    const rows = await this.database.raw.query<BatchRow>(
      `${BATCH_SELECT} WHERE ($1::int IS NULL OR b.list_year = $1::int)
        ORDER BY b.list_year DESC, b.batch_no DESC`,
      [filter.year ?? null],
    );
    return rows.map(presentBatch);
  }

  async years(): Promise<YearSummary[]> {
    const rows = await this.database.raw.query<{
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

  async entries(
    filter: EntryFilter,
    page: { page: number; pageSize: number },
  ): Promise<{ items: EntryView[]; total: number }> {
    const { where, params } = entryWhere(filter);
    const from = `FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id ${where}`;
    const rows = await this.database.raw.query<EntryRow>(
      `SELECT e.*, b.batch_no, b.status AS batch_status ${from}
        ORDER BY e.list_year DESC, b.batch_no, e.seq_no, e.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const [count] = await this.database.raw.query<{ total: string }>(
      `SELECT count(*) AS total ${from}`,
      params,
    );
    return { items: rows.map(presentEntry), total: Number(count?.total ?? 0) };
  }

  /** The entries matching `filter` as an Excel workbook. */
  async exportEntries(filter: EntryFilter): Promise<Buffer> {
    const pageSize = 2_000;
    const pages = async function* (this: StarListsService): AsyncIterable<ExportEntry[]> {
      for (let page = 1; ; page++) {
        const { items } = await this.entries(filter, { page, pageSize });
        yield items;
        if (items.length < pageSize) return;
      }
    }.call(this);
    return starListExport(pages, this.clock.now());
  }

  template(): Promise<Buffer> {
    return starListTemplate(STAR_LIST_LIMITS.maxRows, this.clock.now());
  }

  /** The batch's source file, as uploaded. */
  async sourceFile(batchId: string) {
    const batch = await this.batch(batchId);
    const file = batch.sourceFile ? await this.deps.files.get(batch.sourceFile.id) : null;
    if (!file) throw new AppError('FILE_NOT_FOUND', '该批名单没有保存源文件');
    return file;
  }

  private async analyse(
    sql: RawSql,
    input: { bytes: Buffer; fileName: string; listYear: number },
  ): Promise<Analysis> {
    const read = await readStarListFile(input.bytes, input.fileName, STAR_LIST_LIMITS);
    const match = locateHeader(read.tables);
    if (!match.found) {
      throw new AppError(
        'STAR_LIST_COLUMNS_MISSING',
        match.missing.length === STAR_LIST_COLUMNS.length
          ? `未找到表头行：名单应包含 ${STAR_LIST_COLUMNS.map((c) => c.header).join('、')} 列（可下载模板对照）`
          : `名单缺少以下列：${match.missing.join('、')}`,
        { missing: match.missing },
      );
    }
    const rows = dataRowsOf(match);
    if (rows.length === 0) throw new AppError('STAR_LIST_EMPTY', '表头下没有企业数据行');
    if (rows.length > STAR_LIST_LIMITS.maxRows) {
      throw new AppError(
        'STAR_LIST_TOO_MANY_ROWS',
        `名单有 ${rows.length} 行，超过 ${STAR_LIST_LIMITS.maxRows} 行上限，请分批导入`,
        { maxRows: STAR_LIST_LIMITS.maxRows, rows: rows.length },
      );
    }
    const context = await this.contextFor(sql, input.listYear, creditCodesOf(rows, match.columns));
    return {
      read,
      sheetName: match.table.name,
      headerRowNo: match.table.rows[match.headerIndex]?.rowNo ?? 1,
      rows,
      columns: match.columns,
      report: validateStarList(rows, match.columns, context),
    };
  }

  private previewOf(
    input: { fileName: string; listYear: number },
    analysis: Analysis,
  ): ImportPreview {
    const { summary } = analysis.report;
    return {
      listYear: input.listYear,
      fileName: input.fileName,
      format: analysis.read.format,
      encoding: analysis.read.encoding,
      sheetName: analysis.sheetName,
      headerRowNo: analysis.headerRowNo,
      columns: STAR_LIST_COLUMNS.map((c) => ({ key: c.key, header: c.header })),
      rows: analysis.report.rows,
      summary,
      canImport: summary.invalid === 0,
      needsConfirmation: summary.withWarnings > 0,
    };
  }

  private assertImportable(
    input: { fileName: string; listYear: number; confirmWarnings: boolean },
    analysis: Analysis,
  ): void {
    const { summary } = analysis.report;
    if (summary.invalid > 0) {
      throw new AppError(
        'STAR_LIST_INVALID',
        `名单有 ${summary.invalid} 行错误，未导入任何数据；请按报告修改后重新上传`,
        { report: this.previewOf(input, analysis) },
      );
    }
    if (summary.withWarnings > 0 && !input.confirmWarnings) {
      throw new AppError(
        'STAR_LIST_WARNINGS_UNCONFIRMED',
        `名单有 ${summary.withWarnings} 行需要核实的提示，核实无误后请确认再导入`,
        { report: this.previewOf(input, analysis) },
      );
    }
  }

  private async contextFor(
    sql: RawSql,
    listYear: number,
    creditCodes: string[],
  ): Promise<StarListContext> {
    if (creditCodes.length === 0) return { listYear, inYear: new Map(), earlier: new Map() };
    const inYear = await sql.query<{
      credit_code: string;
      batch_no: number;
      status: 'draft' | 'published';
    }>(
      `SELECT e.credit_code, b.batch_no, b.status
         FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
        WHERE e.list_year = $1 AND e.credit_code = ANY($2::text[])`,
      [listYear, creditCodes],
    );
    const earlier = await sql.query<{ credit_code: string; list_year: number; star: number }>(
      `SELECT DISTINCT ON (e.credit_code) e.credit_code, e.list_year, e.star
         FROM star_list_entries e
         JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
        WHERE e.list_year < $1 AND e.credit_code = ANY($2::text[])
        ORDER BY e.credit_code, e.list_year DESC`,
      [listYear, creditCodes],
    );
    return {
      listYear,
      inYear: new Map(
        inYear.map((r) => [r.credit_code, { batchNo: r.batch_no, status: r.status }]),
      ),
      earlier: new Map(
        earlier.map((r) => [r.credit_code, { listYear: r.list_year, star: r.star }]),
      ),
    };
  }

  private async lock(
    tx: RawSql,
    batchId: string,
  ): Promise<{ id: string; list_year: number; status: 'draft' | 'published' }> {
    const [row] = await tx.query<{ id: string; list_year: number; status: 'draft' | 'published' }>(
      'SELECT id, list_year, status FROM star_list_batches WHERE id = $1 FOR UPDATE',
      [batchId],
    );
    if (!row) throw new AppError('STAR_LIST_BATCH_NOT_FOUND');
    return row;
  }
}

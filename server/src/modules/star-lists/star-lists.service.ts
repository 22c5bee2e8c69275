/**
 * The DRC's star lists (省星级上云企业名单): one or more batches per list year, imported from
 * the provincial list's spreadsheet. An import is judged row by row and shown as a report
 * before anything is saved (star-list.analysis.ts); the same file is then posted again to save
 * it as a draft batch, which is judged again under a per-year lock (stateless, safe across
 * instances). Publishing is irreversible and opens claims for the batch's entries. This file
 * holds those writes; the views and searches are in star-list.query.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import { noteAudit } from '../audit/audit.scope.js';
import type { FilesService } from '../files/files.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import {
  analyseStarList,
  assertImportable,
  contextFor,
  type ImportPreview,
  previewOf,
  STAR_LIST_LIMITS,
} from './star-list.analysis.js';
import {
  type BatchView,
  type EntryFilter,
  type EntryView,
  findBatch,
  findEntries,
  listBatches,
  publishedYearsOf,
  type YearSummary,
  yearSummaries,
} from './star-list.query.js';
import { CSV_TYPE, XLSX_TYPE } from './star-list.reader.js';
import { type StarListReport, validateStarList } from './star-list.rules.js';
import { type ExportEntry, starListExport, starListTemplate } from './star-list.workbooks.js';

/**
 * What publishing a batch asks of the voucher batches: tell the certified enterprises on it that
 * an offer waits, when the year's voucher batch is issued (voucher-batches/offers.notify.ts).
 * Handed in by services.ts, so that star-lists imports no module that reads its entries
 * (voucher-batches does, through star-list.entry.ts).
 */
export type OfferHoldersNotifier = (
  tx: RawSql,
  scope: { listYear: number; starListBatchId: string; timeZone: string },
) => Promise<unknown>;

export class StarListsService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly deps: {
      files: FilesService;
      notifyOfferHolders: OfferHoldersNotifier;
      policies: PoliciesService;
    },
  ) {}

  /** Reads and judges a file; saves nothing. */
  async preview(input: {
    bytes: Buffer;
    fileName: string;
    listYear: number;
  }): Promise<ImportPreview> {
    const analysis = await analyseStarList(this.database.raw, input);
    return previewOf(input, analysis);
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
    const first = await analyseStarList(this.database.raw, input);
    assertImportable(input, first);
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
      const context = await contextFor(
        tx,
        input.listYear,
        first.report.entries.map((e) => e.creditCode),
      );
      const report = validateStarList(first.rows, first.columns, context);
      assertImportable(input, { ...first, report });
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
      // The publication's audit row commits with it (D-audit-tx-1).
      const [published] = await tx.query<{ batch_no: number; entry_count: number }>(
        'SELECT batch_no, entry_count FROM star_list_batches WHERE id = $1',
        [batchId],
      );
      noteAudit({
        detail: {
          listYear: batch.list_year,
          batchNo: published?.batch_no,
          entries: published?.entry_count,
        },
      });
      await this.deps.notifyOfferHolders(tx, {
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

  batch(batchId: string): Promise<BatchView> {
    return findBatch(this.database.raw, batchId);
  }

  batches(filter: { year?: number | undefined }): Promise<BatchView[]> {
    return listBatches(this.database.raw, filter);
  }

  /** The years whose published list names this credit code, newest first (see the query). */
  publishedYearsOf(creditCode: string): Promise<number[]> {
    return publishedYearsOf(this.database.raw, creditCode);
  }

  years(): Promise<YearSummary[]> {
    return yearSummaries(this.database.raw);
  }

  entries(
    filter: EntryFilter,
    page: { page: number; pageSize: number },
  ): Promise<{ items: EntryView[]; total: number }> {
    return findEntries(this.database.raw, filter, page);
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

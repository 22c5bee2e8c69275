/**
 * The annual redemption package (第十五条): a build per request, run in the background in this
 * process with its progress in `redemption_builds`, writing one line per voucher used in the year
 * (`redemption_lines`, with the cross-check exceptions found on it), the totals, the workbook and
 * the PDF with their SHA-256. A preview is as of the moment asked; a final build is as of the
 * year's end and only once the year has ended — only a final build can be submitted (chain).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database, RawSql } from '../../db/client.js';
import { runOutsideCommitScope } from '../../db/commit-scope.js';
import type { Clock } from '../../domain/clock.js';
import {
  type AnomalyThresholds,
  anomalyThresholdsOf,
  type Policy,
  parsePolicy,
} from '../../domain/policy.js';
import {
  lineExceptions,
  lineWarnings,
  type RedemptionException,
  type RedemptionWarning,
  type WarningFacts,
} from '../../domain/redemption-anomalies.js';
import { localYear, zonedMidnightToInstant } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { FilesService } from '../files/files.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { warningFactsOf } from './package.anomalies.js';
import {
  type PackageHeading,
  type PackageLine,
  type PackageTotals,
  PackageWorkbook,
  packagePdf,
} from './package.documents.js';
import {
  BuildProgress,
  PROGRESS_STARTED,
  PROGRESS_STREAMED,
  PROGRESS_WRITTEN,
} from './package.progress.js';
import {
  countVouchersGranted,
  countWriteOffs,
  type DeductionChecks,
  deductionYear,
  ledgerNetWriteOff,
  netByCategory,
  newWriteOffLookups,
  vouchersUsedPage,
  type WriteOffEvent,
  type WriteOffLookups,
  writeOffPage,
  type YearWindow,
} from './package.query.js';

const PAGE = 2_000;

/** One side of the build's first stretch stopped because the other failed. */
class BuildHalted extends Error {
  constructor(because: string) {
    super(`package build stopped: ${because}`);
  }
}
const NO_WARNING_FACTS: WarningFacts = {
  tranches: [],
  largestRoundAmountBurst: 0,
  nearBalanceBills: 0,
};

export interface RedemptionBuild {
  id: string;
  settlementYear: number;
  kind: 'preview' | 'final';
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  asOf: string;
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  finishedAt: string | null;
  errorCode: string | null;
  totals: PackageTotals | null;
  netWriteOff: number | null;
  voucherCount: number | null;
  transferCount: number | null;
  exceptionCount: number | null;
  buildExceptions: RedemptionException[];
  workbook: { fileId: string; sha256: string } | null;
  pdf: { fileId: string; sha256: string } | null;
}

export interface RedemptionLine {
  lineNo: number;
  voucherId: string;
  enterpriseId: string;
  creditCode: string;
  enterpriseName: string;
  star: number;
  listYear: number;
  granted: number;
  deducted: number;
  reversed: number;
  netWriteOff: number;
  voided: number;
  balanceAtYearEnd: number;
  exceptionCodes: string[];
  /** Anomaly flags for the reviewer (REDEMPTION_WARNINGS); a line with only these is clean. */
  warningCodes: string[];
}

interface BuildRow {
  id: string;
  settlement_year: number;
  kind: 'preview' | 'final';
  status: RedemptionBuild['status'];
  progress: number;
  as_of: Date;
  requested_by: string;
  requested_by_name: string | null;
  requested_at: Date;
  finished_at: Date | null;
  error_code: string | null;
  totals: (PackageTotals & { buildExceptions?: RedemptionException[] }) | null;
  net_write_off: string | null;
  voucher_count: number | null;
  transfer_count: number | null;
  exception_count: number | null;
  workbook_file_id: string | null;
  workbook_sha256: string | null;
  pdf_file_id: string | null;
  pdf_sha256: string | null;
}

const num = (value: string | number | null) => (value === null ? null : Number(value));

function present(row: BuildRow): RedemptionBuild {
  const { buildExceptions = [], ...totals } = row.totals ?? ({} as NonNullable<BuildRow['totals']>);
  return {
    id: row.id,
    settlementYear: row.settlement_year,
    kind: row.kind,
    status: row.status,
    progress: row.progress,
    asOf: new Date(row.as_of).toISOString(),
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    requestedAt: new Date(row.requested_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    errorCode: row.error_code,
    totals: row.totals ? (totals as PackageTotals) : null,
    netWriteOff: num(row.net_write_off),
    voucherCount: row.voucher_count,
    transferCount: row.transfer_count,
    exceptionCount: row.exception_count,
    buildExceptions,
    workbook:
      row.workbook_file_id && row.workbook_sha256
        ? { fileId: row.workbook_file_id, sha256: row.workbook_sha256 }
        : null,
    pdf:
      row.pdf_file_id && row.pdf_sha256
        ? { fileId: row.pdf_file_id, sha256: row.pdf_sha256 }
        : null,
  };
}

const BUILD_SELECT = `SELECT b.*, u.name AS requested_by_name FROM redemption_builds b
  LEFT JOIN users u ON u.id = b.requested_by`;

export class RedemptionPackageService {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      database: Database;
      clock: Clock;
      policies: PoliciesService;
      files: FilesService;
      log?: { error(object: object, message: string): void };
      /** Told when a build reaches each step (bench/redemption.ts times the steps with it). */
      onStep?: (buildId: string, step: string) => void;
    },
  ) {}

  private step(buildId: string, step: string): void {
    this.deps.onStep?.(buildId, step);
  }

  private get sql(): RawSql {
    return this.deps.database.raw;
  }

  /** The year's instants in the programme's time zone. */
  async yearWindow(year: number): Promise<{ start: Date; end: Date; timeZone: string }> {
    const { timeZone } = (await this.deps.policies.inForce()).document;
    return {
      start: zonedMidnightToInstant(year, 1, 1, timeZone),
      end: zonedMidnightToInstant(year + 1, 1, 1, timeZone),
      timeZone,
    };
  }

  /** Every year with write-offs, and the current one, newest first, with its newest build. */
  async years(): Promise<
    Array<{
      year: number;
      ended: boolean;
      netWriteOff: number;
      latestBuild: RedemptionBuild | null;
    }>
  > {
    const now = this.deps.clock.now();
    const { timeZone } = (await this.deps.policies.inForce()).document;
    const current = localYear(now, timeZone);
    const rows = await this.sql.query<{ year: number; net: string }>(
      `SELECT settlement_year AS year,
              sum(CASE WHEN kind = 'deduct' THEN amount ELSE -amount END) AS net
         FROM ledger_transfers
        WHERE kind IN ('deduct', 'restore', 'reversal_void') AND settlement_year IS NOT NULL
        GROUP BY settlement_year`,
    );
    const nets = new Map(rows.map((row) => [Number(row.year), Number(row.net)]));
    if (!nets.has(current)) nets.set(current, 0);
    const years = [...nets.keys()].filter((year) => year <= current).sort((a, b) => b - a);
    const builds = await this.sql.query<BuildRow>(
      `${BUILD_SELECT} WHERE b.id IN (
         SELECT DISTINCT ON (settlement_year) id FROM redemption_builds
          ORDER BY settlement_year, requested_at DESC, id DESC)`,
    );
    const latest = new Map(builds.map((row) => [row.settlement_year, present(row)]));
    return years.map((year) => ({
      year,
      ended: year < current,
      netWriteOff: nets.get(year) ?? 0,
      latestBuild: latest.get(year) ?? null,
    }));
  }

  /** Starts a build in the background; answers at once with the queued build. */
  async start(
    year: number,
    kind: 'preview' | 'final',
    actor: { userId: string },
  ): Promise<RedemptionBuild> {
    const now = this.deps.clock.now();
    const { start, end, timeZone } = await this.yearWindow(year);
    if (now < start || year < 2000) {
      throw new AppError('PERIOD_NOT_STARTED', `${year} 年尚未开始，不能生成兑现材料`);
    }
    if (kind === 'final' && now < end) {
      throw new AppError(
        'REDEMPTION_YEAR_NOT_ENDED',
        `${year} 年度尚未结束（${localYear(now, timeZone)} 年），只能生成预览`,
      );
    }
    const id = randomUUID();
    await this.deps.database.raw.transaction(async (tx) => {
      // One build at a time per year: a second request waits on the lock, then sees the first.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`redemption-build:${year}`]);
      const [busy] = await tx.query(
        `SELECT 1 FROM redemption_builds WHERE settlement_year = $1 AND status IN ('queued', 'running')`,
        [year],
      );
      if (busy) throw new AppError('REDEMPTION_BUILD_RUNNING');
      await tx.query(
        `INSERT INTO redemption_builds (id, settlement_year, kind, status, progress, as_of,
           requested_by, requested_at)
         VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6)`,
        [id, year, kind, kind === 'final' ? end : now, actor.userId, now],
      );
    });
    // The build runs after the answer, outside the request's audit scope: the request's row
    // committed with the queued build above; what the build writes is the package derived from
    // the ledger (lines, files, progress, its status), rebuilt on demand, not a decision of its
    // own (D-audit-tx-4, known limits).
    const run = runOutsideCommitScope(() => this.run(id))
      .catch((error: unknown) =>
        this.deps.log?.error({ err: error, buildId: id }, 'package build failed'),
      )
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
    return this.getOrThrow(id);
  }

  /** Resolves when the build has finished (or at once when it is not running here). */
  async waitFor(buildId: string): Promise<RedemptionBuild> {
    await this.running.get(buildId);
    return this.getOrThrow(buildId);
  }

  /** At start: a build left queued or running by a stopped process will never finish. */
  async markInterrupted(): Promise<number> {
    const rows = await this.sql.query(
      `UPDATE redemption_builds SET status = 'failed', error_code = 'REDEMPTION_BUILD_INTERRUPTED',
              finished_at = $1
        WHERE status IN ('queued', 'running') RETURNING id`,
      [this.deps.clock.now()],
    );
    return rows.length;
  }

  async get(buildId: string): Promise<RedemptionBuild | null> {
    const [row] = await this.sql.query<BuildRow>(`${BUILD_SELECT} WHERE b.id = $1`, [buildId]);
    return row ? present(row) : null;
  }

  async getOrThrow(buildId: string): Promise<RedemptionBuild> {
    const build = await this.get(buildId);
    if (!build) throw new AppError('REDEMPTION_BUILD_NOT_FOUND');
    return build;
  }

  /** A page of a build's lines (cursor: the last line number seen). */
  async listLines(
    buildId: string,
    page: { cursor?: number | undefined; limit: number; exceptionsOnly?: boolean | undefined },
  ): Promise<{ lines: RedemptionLine[]; nextCursor: number | null }> {
    const rows = await this.sql.query<Record<string, string | number | string[]>>(
      `SELECT * FROM redemption_lines
        WHERE build_id = $1 AND line_no > $2 AND ($3::boolean IS NOT TRUE OR cardinality(exception_codes) > 0)
        ORDER BY line_no LIMIT $4`,
      [buildId, page.cursor ?? 0, page.exceptionsOnly ?? false, page.limit + 1],
    );
    const lines = rows.slice(0, page.limit).map(presentLine);
    return {
      lines,
      nextCursor: rows.length > page.limit ? (lines.at(-1)?.lineNo ?? null) : null,
    };
  }

  async line(
    buildId: string,
    lineNo: number,
    sql: RawSql = this.sql,
  ): Promise<RedemptionLine | null> {
    const [row] = await sql.query<Record<string, string | number | string[]>>(
      'SELECT * FROM redemption_lines WHERE build_id = $1 AND line_no = $2',
      [buildId, lineNo],
    );
    return row ? presentLine(row) : null;
  }

  /** The line's deductions and reversals in the year (the reviewer's drill-down). */
  async lineTransfers(buildId: string, lineNo: number) {
    const build = await this.getOrThrow(buildId);
    const line = await this.line(buildId, lineNo);
    if (!line) throw new AppError('REDEMPTION_LINE_NOT_FOUND');
    const rows = await this.sql.query<{
      type: 'deduction' | 'reversal';
      id: string;
      at: Date;
      order_no: string;
      category: string;
      amount: string;
    }>(
      `SELECT DISTINCT 'deduction' AS type, d.id, d.created_at AS at, d.order_no, d.category,
              d.deducted AS amount
         FROM deductions d JOIN deduction_allocations a ON a.deduction_id = d.id
         JOIN voucher_tranches tr ON tr.id = a.tranche_id
        WHERE tr.voucher_id = $1 AND d.settlement_year = $2 AND d.created_at < $3
       UNION ALL
       SELECT DISTINCT 'reversal', r.id, r.created_at, d.order_no, d.category, r.amount
         FROM reversals r JOIN deductions d ON d.id = r.deduction_id
         JOIN deduction_allocations a ON a.deduction_id = d.id
         JOIN voucher_tranches tr ON tr.id = a.tranche_id
        WHERE tr.voucher_id = $1 AND r.settlement_year = $2 AND r.created_at < $3
        ORDER BY at LIMIT 1000`,
      [line.voucherId, build.settlementYear, new Date(build.asOf)],
    );
    return rows.map((row) => ({
      type: row.type,
      id: row.id,
      at: new Date(row.at).toISOString(),
      orderNo: row.order_no,
      category: row.category,
      amount: Number(row.amount),
    }));
  }

  /** Sum of a build's lines (the chain's recognised amount starts from these). */
  async lineTotals(
    buildId: string,
  ): Promise<{ netWriteOff: number; lines: number; linesWithExceptions: number }> {
    const [row] = await this.sql.query<{ net: string | null; lines: string; exceptional: string }>(
      `SELECT sum(net_write_off) AS net, count(*) AS lines,
              count(*) FILTER (WHERE cardinality(exception_codes) > 0) AS exceptional
         FROM redemption_lines WHERE build_id = $1`,
      [buildId],
    );
    return {
      netWriteOff: Number(row?.net ?? 0),
      lines: Number(row?.lines ?? 0),
      linesWithExceptions: Number(row?.exceptional ?? 0),
    };
  }

  // ── The build ───────────────────────────────────────────────────────────────────────────

  private async progress(buildId: string, percent: number): Promise<void> {
    // GREATEST: the bar never goes back, whatever order two updates would commit in.
    await this.sql.query(
      'UPDATE redemption_builds SET progress = GREATEST(progress, $2) WHERE id = $1',
      [buildId, Math.max(0, Math.min(100, Math.floor(percent)))],
    );
  }

  /**
   * The build, in two stretches (D-redemption-overlap-1):
   * 1. side by side: the lines (PostgreSQL's work mostly: a voucher's ledger facts a row) and
   *    the workbook's write-off detail (Node's mostly: ten million rows of XML), with the
   *    year-wide figures and the pass over deductions running beside them;
   * 2. once both are in: 资源券发放明细 from the lines, the checks on deductions and the anomaly
   *    flags added to the lines, 企业使用汇总 and 核查异常, then 兑付汇总 with the totals —
   *    first among the sheets as Excel shows them, last to be written (PackageWorkbook).
   */
  private async run(buildId: string): Promise<void> {
    const sql = this.sql;
    const progress = new BuildProgress((percent) => this.progress(buildId, percent));
    // Set when either side of the first stretch fails, so that the other stops at its next page
    // instead of running on for a minute into a workbook that will be thrown away.
    const halt = { failed: false };
    let directory: string | null = null;
    try {
      await sql.query(
        `UPDATE redemption_builds SET status = 'running', started_at = $2 WHERE id = $1`,
        [buildId, this.deps.clock.now()],
      );
      const build = await this.getOrThrow(buildId);
      const inForce = (await this.deps.policies.inForce()).document;
      const { start, timeZone } = await this.yearWindow(build.settlementYear);
      const window: YearWindow = { year: build.settlementYear, start, asOf: new Date(build.asOf) };
      const policies = await this.policiesById();
      const heading: PackageHeading = {
        year: window.year,
        kind: build.kind,
        asOf: window.asOf,
        timeZone,
        operatorName: await this.operatorName(),
        generatedAt: this.deps.clock.now(),
      };
      // The year-wide figures, one statement each, started now and awaited where first needed
      // (D-redemption-xml-1): net by category and the ledger's net for the totals, the count of
      // the detail's rows for its progress. The pass over the year's deductions and allocations
      // (the checks on deductions, and which tranches the detail's rows drew on) starts once the
      // ledger's net is in — a short statement — so that the lines' and the detail's pages
      // always find a connection of the bench's pool of four; the detail looks up its rows'
      // allocations itself until it is in (D-redemption-pg-1). The anomaly facts start after the
      // lines, below.
      const settle = <T>(promise: Promise<T>) => {
        promise.catch(() => {}); // awaited below; a failure meanwhile is not unhandled
        return promise;
      };
      const thresholds = anomalyThresholdsOf(inForce);
      const byCategoryOf = settle(netByCategory(sql, window));
      const ledgerNetOf = settle(ledgerNetWriteOff(sql, window));
      let transferCount: number | null = null;
      const transferCountOf = settle(
        countWriteOffs(sql, window).then((n) => {
          transferCount = n;
          return n;
        }),
      );
      const lookups = newWriteOffLookups();
      const deductionYearOf = settle(
        ledgerNetOf
          .catch(() => {})
          .then(() => deductionYear(sql, window, inForce.eligibleCategories))
          .then((found) => {
            lookups.ranges = found.ranges;
            return found;
          }),
      );
      progress.reached(PROGRESS_STARTED);

      directory = fs.mkdtempSync(path.join(os.tmpdir(), 'yunquan-package-'));
      const workbookPath = path.join(directory, 'package.xlsx');
      const workbook = new PackageWorkbook(workbookPath, heading);

      // 1. The detail and the lines, side by side.
      const detailOf = settle(
        workbook.writeDetail(this.streamEvents(window, lookups, halt), (rows) =>
          progress.detail(rows, transferCount),
        ),
      );
      const linesOf = settle(
        this.writeLines(buildId, window, inForce, policies, thresholds, progress, halt),
      );
      for (const [side, name] of [
        [detailOf, 'detail'],
        [linesOf, 'lines'],
        [deductionYearOf, 'deduction checks'],
        [byCategoryOf, 'net by category'],
      ] as const) {
        side.then(() => this.step(buildId, `${name} in`)).catch(() => {});
      }
      // The anomaly facts, for the year at once, once the lines and the pass over deductions are
      // in (the detail still running: its main thread busy, PostgreSQL less so), without
      // parallel workers: on two cores, a statement with two workers beside the detail takes the
      // core the detail's rows are written on (D-redemption-node-1).
      const checksOf = settle(deductionYearOf.then((found) => found.checks));
      const warningsOf = settle(
        Promise.all([linesOf, deductionYearOf]).then(() =>
          this.deps.database.raw.transaction(async (tx) => {
            await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
            const facts = await warningFactsOf(tx, window, null, thresholds, timeZone);
            this.step(buildId, 'anomaly facts in');
            return facts;
          }),
        ),
      );
      // 资源券发放明细 as soon as the lines are in, beside the rest of the detail.
      const issuedOf = settle(
        linesOf.then(async () => {
          await workbook.writeIssued(this.streamLines(buildId));
          this.step(buildId, '资源券发放明细 written');
        }),
      );
      for (const side of [detailOf, linesOf, issuedOf]) {
        side.then(
          () => {},
          () => {
            halt.failed = true;
          },
        );
      }
      const [detailSettled, linesSettled, issuedSettled] = await Promise.allSettled([
        detailOf,
        linesOf,
        issuedOf,
      ]);
      // The side that failed first says why; the other only stopped because of it.
      const failures = [detailSettled, linesSettled, issuedSettled]
        .filter((side) => side.status === 'rejected')
        .map((side) => side.reason as unknown);
      if (failures.length > 0) {
        throw failures.find((reason) => !(reason instanceof BuildHalted)) ?? failures[0];
      }
      if (detailSettled.status !== 'fulfilled' || linesSettled.status !== 'fulfilled') {
        throw new Error('unreachable: both sides fulfilled');
      }
      progress.detailFinished();
      const { totals, exceptionCount: lineExceptions } = linesSettled.value;
      let exceptionCount = lineExceptions;
      await transferCountOf;
      totals.byCategory = await byCategoryOf;
      totals.ledgerNet = await ledgerNetOf;
      const buildExceptions: RedemptionException[] =
        totals.net !== totals.ledgerNet ? ['TOTALS_MISMATCH'] : [];
      exceptionCount += buildExceptions.length;
      progress.reached(PROGRESS_STREAMED);

      // 2. The rest of the sheets from the lines, then the totals.
      // The checks on deductions and the anomaly flags go into the lines they concern before
      // 企业使用汇总 and 核查异常 read the lines again.
      exceptionCount += await this.addYearChecks(
        buildId,
        await checksOf,
        await warningsOf,
        thresholds,
      );
      this.step(buildId, 'checks added to the lines');
      await workbook.writeUsage(this.streamLines(buildId), totals, buildExceptions);
      workbook.writeSummary(totals);
      await workbook.commit();
      progress.reached(PROGRESS_WRITTEN);
      this.step(buildId, 'workbook written');

      const pdf = await packagePdf(heading, totals, `〔${window.year}〕海安云兑字第 1 号`);
      const owner = await this.operatorId();
      const workbookFile = await this.deps.files.storeGeneratedFile({
        from: workbookPath,
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        originalName: `${window.year}年度资源券兑现材料${build.kind === 'preview' ? '（预览）' : ''}.xlsx`,
        purpose: 'redemption_package',
        organisationId: owner,
        uploadedBy: build.requestedBy,
      });
      const pdfFile = await this.deps.files.storeGenerated({
        bytes: pdf,
        mediaType: 'application/pdf',
        originalName: `${window.year}年度资源券兑付申请函${build.kind === 'preview' ? '（预览）' : ''}.pdf`,
        purpose: 'redemption_package',
        organisationId: owner,
        uploadedBy: build.requestedBy,
      });
      // The last progress update is written before the build is marked done (100).
      await progress.settled();
      await sql.query(
        `UPDATE redemption_builds
            SET status = 'done', progress = 100, finished_at = $2, totals = $3,
                net_write_off = $4, voucher_count = $5, transfer_count = $6,
                exception_count = $7, workbook_file_id = $8, workbook_sha256 = $9,
                pdf_file_id = $10, pdf_sha256 = $11
          WHERE id = $1`,
        [
          buildId,
          this.deps.clock.now(),
          JSON.stringify({ ...totals, buildExceptions }),
          totals.net,
          totals.vouchers,
          transferCount,
          exceptionCount,
          workbookFile.id,
          workbookFile.sha256,
          pdfFile.id,
          pdfFile.sha256,
        ],
      );
    } catch (error) {
      halt.failed = true;
      await progress.settled();
      await sql
        .query(
          `UPDATE redemption_builds SET status = 'failed', finished_at = $2,
                  error_code = 'REDEMPTION_BUILD_FAILED' WHERE id = $1`,
          [buildId, this.deps.clock.now()],
        )
        .catch(() => {});
      throw error;
    } finally {
      if (directory) fs.rmSync(directory, { recursive: true, force: true });
    }
  }

  /**
   * The lines: one per voucher used in the year, a page of vouchers at a time, with the
   * cross-checks read from each line's own facts (the checks on deductions are added to the few
   * lines they concern once they are in), and the totals summed as they go. The lines' share of
   * the progress is counted against the vouchers granted before the cut-off — every voucher used
   * is one of them, so the estimate is never too low, and is exact when all were used — which
   * costs PostgreSQL nothing next to counting the vouchers used (9 s of a core at 10 M).
   */
  private async writeLines(
    buildId: string,
    window: YearWindow,
    inForce: Policy,
    policies: Map<string, Policy>,
    thresholds: AnomalyThresholds,
    progress: BuildProgress,
    halt: { failed: boolean },
  ): Promise<{ totals: PackageTotals; exceptionCount: number }> {
    const sql = this.sql;
    const expected = await countVouchersGranted(sql, window);
    const totals: PackageTotals = {
      byStar: {},
      byCategory: {},
      net: 0,
      deducted: 0,
      reversed: 0,
      vouchers: 0,
      ledgerNet: 0,
    };
    let lineNo = 0;
    let exceptionCount = 0;
    let after = '';
    for (;;) {
      if (halt.failed) throw new BuildHalted('the detail failed');
      const page = await vouchersUsedPage(sql, window, after, PAGE);
      if (page.length === 0) break;
      const lines = page.map((use) => {
        const policy = policies.get(use.policyId) ?? inForce;
        const exceptions = lineExceptions({
          onPublishedList: use.onPublishedList,
          star: use.star,
          amount: use.amount,
          tierAmount: policy.tierAmounts[use.star as 3 | 4 | 5] ?? null,
          deductionsOutsideWindow: 0,
          ineligibleDeductions: 0,
          netUsedEver: use.netUsedEver,
          overReversedDeductions: 0,
        });
        // The anomaly facts come later, for the year at once; until then, none.
        const warnings = lineWarnings(NO_WARNING_FACTS, thresholds);
        lineNo += 1;
        if (exceptions.length > 0) exceptionCount += exceptions.length;
        const net = use.deducted - use.reversed;
        const star = totals.byStar[use.star] ?? { vouchers: 0, deducted: 0, reversed: 0, net: 0 };
        totals.byStar[use.star] = star;
        star.vouchers += 1;
        star.deducted += use.deducted;
        star.reversed += use.reversed;
        star.net += net;
        totals.vouchers += 1;
        totals.deducted += use.deducted;
        totals.reversed += use.reversed;
        totals.net += net;
        return { lineNo, use, net, exceptions, warnings };
      });
      await sql.query(
        `INSERT INTO redemption_lines (build_id, line_no, voucher_id, enterprise_id, credit_code,
           enterprise_name, star, list_year, granted, deducted, reversed, net_write_off, voided,
           balance_at_year_end, exception_codes, warning_codes)
         SELECT $1, n, v, e, c, name, star, ly, g, d, r, net, vd, bal, codes::text[], warns::text[]
           FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
             $7::int[], $8::int[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[],
             $13::bigint[], $14::bigint[], $15::text[], $16::text[])
             AS u(n, v, e, c, name, star, ly, g, d, r, net, vd, bal, codes, warns)`,
        [
          buildId,
          lines.map((l) => l.lineNo),
          lines.map((l) => l.use.voucherId),
          lines.map((l) => l.use.enterpriseId),
          lines.map((l) => l.use.creditCode),
          lines.map((l) => l.use.enterpriseName),
          lines.map((l) => l.use.star),
          lines.map((l) => l.use.listYear),
          lines.map((l) => l.use.amount),
          lines.map((l) => l.use.deducted),
          lines.map((l) => l.use.reversed),
          lines.map((l) => l.net),
          lines.map((l) => l.use.voided),
          lines.map((l) => l.use.balance),
          // A text[] per line travels as its Postgres literal in a text[] of literals.
          lines.map((l) => `{${l.exceptions.join(',')}}`),
          lines.map((l) => `{${l.warnings.join(',')}}`),
        ],
      );
      after = page.at(-1)?.voucherId ?? after;
      progress.lines(lineNo, expected);
    }
    progress.linesFinished();
    return { totals, exceptionCount };
  }

  /**
   * Adds what the year-wide checks found to the lines they concern: the exceptions found by the
   * checks on deductions, and the anomaly flags from the year's anomaly facts. The codes are
   * what `lineExceptions` gives with every fact of the line — the line's own facts are read
   * back from the codes it already has (each code is one fact), so the codes and their order
   * are those the line would have had with the checks known when it was made — and the flags
   * what `lineWarnings` gives with the voucher's facts. Returns how many exception codes were
   * added.
   */
  private async addYearChecks(
    buildId: string,
    checks: Map<string, DeductionChecks>,
    warningFacts: Map<string, WarningFacts>,
    thresholds: AnomalyThresholds,
  ): Promise<number> {
    if (checks.size === 0 && warningFacts.size === 0) return 0;
    const rows = await this.sql.query<{
      line_no: number;
      voucher_id: string;
      codes: string[];
      warns: string[];
    }>(
      `SELECT line_no, voucher_id, exception_codes AS codes, warning_codes AS warns
         FROM redemption_lines WHERE build_id = $1 ORDER BY line_no`,
      [buildId],
    );
    const changed: Array<{ lineNo: number; codes: string[]; warns: string[] }> = [];
    let added = 0;
    for (const row of rows) {
      const found = checks.get(row.voucher_id);
      const facts = warningFacts.get(row.voucher_id);
      if (!found && !facts) continue;
      const had = (Array.isArray(row.codes) ? row.codes : []).map(String);
      const warned = (Array.isArray(row.warns) ? row.warns : []).map(String);
      const codes = found
        ? lineExceptions({
            onPublishedList: !had.includes('NOT_ON_LIST'),
            star: 3,
            amount: 1,
            tierAmount: had.includes('STAR_AMOUNT_MISMATCH') ? null : 1,
            netUsedEver: had.includes('OVERSPEND') ? 2 : 0,
            ...found,
          })
        : had;
      const warns = facts ? lineWarnings(facts, thresholds) : warned;
      if (codes.join() === had.join() && warns.join() === warned.join()) continue;
      added += codes.length - had.length;
      changed.push({ lineNo: Number(row.line_no), codes, warns });
    }
    for (let k = 0; k < changed.length; k += 5_000) {
      const part = changed.slice(k, k + 5_000);
      await this.sql.query(
        `UPDATE redemption_lines l
            SET exception_codes = u.codes::text[], warning_codes = u.warns::text[]
           FROM unnest($2::int[], $3::text[], $4::text[]) AS u(n, codes, warns)
          WHERE l.build_id = $1 AND l.line_no = u.n`,
        [
          buildId,
          part.map((line) => line.lineNo),
          part.map((line) => `{${line.codes.join(',')}}`),
          part.map((line) => `{${line.warns.join(',')}}`),
        ],
      );
    }
    return added;
  }

  private async *streamLines(buildId: string): AsyncIterable<PackageLine> {
    let cursor = 0;
    for (;;) {
      const { lines, nextCursor } = await this.listLines(buildId, { cursor, limit: PAGE });
      const grants = await this.sql.query<{ id: string; granted_at: Date }>(
        'SELECT id, granted_at FROM vouchers WHERE id = ANY($1::text[])',
        [lines.map((line) => line.voucherId)],
      );
      const grantedAt = new Map(grants.map((row) => [row.id, new Date(row.granted_at)]));
      for (const line of lines) {
        yield {
          lineNo: line.lineNo,
          voucherId: line.voucherId,
          creditCode: line.creditCode,
          enterpriseName: line.enterpriseName,
          star: line.star,
          listYear: line.listYear,
          amount: line.granted,
          grantedAt: grantedAt.get(line.voucherId) ?? new Date(0),
          deducted: line.deducted,
          reversed: line.reversed,
          net: line.netWriteOff,
          voided: line.voided,
          balance: line.balanceAtYearEnd,
          exceptions: line.exceptionCodes as RedemptionException[],
          warnings: line.warningCodes as RedemptionWarning[],
        };
      }
      if (nextCursor === null) return;
      cursor = nextCursor;
    }
  }

  /** The year's deductions then its reversals, in time order, a page at a time. */
  private async *streamEvents(
    window: YearWindow,
    lookups: WriteOffLookups,
    halt: { failed: boolean },
  ): AsyncIterable<readonly WriteOffEvent[]> {
    const size = 5_000;
    for (const type of ['deduction', 'reversal'] as const) {
      // The next page is asked for before this one is written, so PostgreSQL reads it while
      // the workbook is being written (two cores busy instead of one then the other).
      let next = writeOffPage(this.sql, window, type, null, size, lookups);
      for (;;) {
        const page = await next;
        if (halt.failed) throw new BuildHalted('the lines failed');
        const last = page.at(-1);
        const more = last !== undefined && page.length === size;
        if (more) {
          next = writeOffPage(
            this.sql,
            window,
            type,
            { atMicros: last.atMicros, id: last.id },
            size,
            lookups,
          );
          // Awaited on the next turn; a failure while this page is written is not unhandled.
          next.catch(() => {});
        }
        yield page;
        if (!more) break;
      }
    }
  }

  private async policiesById(): Promise<Map<string, Policy>> {
    const rows = await this.sql.query<{ id: string; document: unknown }>(
      'SELECT id, document FROM policies',
    );
    return new Map(rows.map((row) => [row.id, parsePolicy(row.document)]));
  }

  private async operatorId(): Promise<string> {
    const [row] = await this.sql.query<{ id: string }>(
      `SELECT id FROM organisations WHERE kind = 'operator' ORDER BY created_at LIMIT 1`,
    );
    if (!row) throw new Error('no operator organisation');
    return row.id;
  }

  private async operatorName(): Promise<string> {
    const [row] = await this.sql.query<{ name: string }>(
      `SELECT name FROM organisations WHERE kind = 'operator' ORDER BY created_at LIMIT 1`,
    );
    return row?.name ?? '平台服务方';
  }
}

function presentLine(row: Record<string, string | number | string[]>): RedemptionLine {
  return {
    lineNo: Number(row.line_no),
    voucherId: String(row.voucher_id),
    enterpriseId: String(row.enterprise_id),
    creditCode: String(row.credit_code),
    enterpriseName: String(row.enterprise_name),
    star: Number(row.star),
    listYear: Number(row.list_year),
    granted: Number(row.granted),
    deducted: Number(row.deducted),
    reversed: Number(row.reversed),
    netWriteOff: Number(row.net_write_off),
    voided: Number(row.voided),
    balanceAtYearEnd: Number(row.balance_at_year_end),
    exceptionCodes: Array.isArray(row.exception_codes) ? row.exception_codes.map(String) : [],
    warningCodes: Array.isArray(row.warning_codes) ? row.warning_codes.map(String) : [],
  };
}

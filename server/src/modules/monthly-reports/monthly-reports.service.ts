/**
 * Monthly operation reports (第十四条). The operator's 经办人 drafts part (a) — its own resource
 * usage figures and commentary — for a month that has started; its 管理员 submits once the month
 * has ended (monthly-reports.submission.ts: parts (b) and (c) recomputed and reconciled, the
 * round frozen as JSON, Excel and PDF with their SHA-256). The Data Bureau archives it
 * (存档备查) or returns it with a reason; the operator corrects and resubmits; every round is
 * kept. One report per month, locked while it changes. This file holds the draft, the review
 * and the reading; the shapes are in monthly-reports.views.ts.
 */
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import {
  formatMonth,
  monthState,
  parseMonth,
  type YearMonth,
} from '../../domain/monthly-report.js';
import { localDateString } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { noteAudit } from '../audit/audit.scope.js';
import type { FilesService, StoredFile } from '../files/files.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { computeParts, submitReport } from './monthly-reports.submission.js';
import type { UsageFigures } from './monthly-reports.usage.js';
import {
  type Caller,
  type ComputedParts,
  type DocumentKind,
  documentName,
  pickParts,
  presentRound,
  type ReportDetail,
  type ReportRow,
  type ReportSummary,
  type RoundRow,
  snapshotOf,
  summaryOf,
  usageOf,
} from './monthly-reports.views.js';

export class MonthlyReportsService {
  constructor(
    private readonly deps: {
      database: Database;
      clock: Clock;
      policies: PoliciesService;
      files: FilesService;
    },
  ) {}

  private get sql(): RawSql {
    return this.deps.database.raw;
  }

  /** 'YYYY-MM' → the month, or 400 naming the field. */
  static period(text: string, field = 'params.month'): YearMonth {
    const period = parseMonth(text);
    if (!period) {
      throw new AppError('VALIDATION_FAILED', `${field}: 月份格式应为 YYYY-MM`, undefined, [
        { field, message: '月份格式应为 YYYY-MM' },
      ]);
    }
    return period;
  }

  /** Parts (b), (c) and the control totals for a month, reconciled, computed now. */
  compute(period: YearMonth, sql: RawSql = this.sql): Promise<ComputedParts> {
    return computeParts(this.deps.policies, period, sql);
  }

  /** The months of a year that have started, newest first, each with its status and due date. */
  async list(year: number, bureau: boolean): Promise<ReportSummary[]> {
    const { document } = await this.deps.policies.inForce();
    const now = this.deps.clock.now();
    const rows = await this.sql.query<ReportRow & { first_late: number | null; last_at: Date }>(
      `SELECT r.*, u.name AS updated_by_name,
              (SELECT late_days FROM monthly_report_rounds x WHERE x.month = r.month AND x.round_no = 1) AS first_late,
              (SELECT submitted_at FROM monthly_report_rounds x
                WHERE x.month = r.month ORDER BY round_no DESC LIMIT 1) AS last_at
         FROM monthly_reports r LEFT JOIN users u ON u.id = r.updated_by
        WHERE r.month LIKE $1`,
      [`${year}-%`],
    );
    const byMonth = new Map(rows.map((row) => [row.month, row]));
    const out: ReportSummary[] = [];
    for (let month = 12; month >= 1; month -= 1) {
      const period = { year, month };
      const state = monthState(period, now, document.timeZone);
      if (state === 'not-started') continue;
      const row = byMonth.get(formatMonth(period));
      if (bureau && (!row || row.current_round === 0)) continue;
      out.push(
        summaryOf(period, row, row?.first_late ?? null, row?.last_at ?? null, {
          state,
          dueDay: document.monthlyReportDueDay,
          timeZone: document.timeZone,
          now,
        }),
      );
    }
    return out;
  }

  /** Reports waiting for the Data Bureau, oldest month first. */
  async queue(): Promise<ReportSummary[]> {
    const rows = await this.sql.query<{ month: string }>(
      `SELECT month FROM monthly_reports WHERE current_round > 0 ORDER BY month DESC`,
    );
    const years = [...new Set(rows.map((row) => Number(row.month.slice(0, 4))))];
    const all = (await Promise.all(years.map((year) => this.list(year, true)))).flat();
    return all.sort((a, b) => (a.month < b.month ? 1 : -1));
  }

  async detail(monthText: string, bureau: boolean): Promise<ReportDetail> {
    const period = MonthlyReportsService.period(monthText);
    const { document } = await this.deps.policies.inForce();
    const now = this.deps.clock.now();
    const state = monthState(period, now, document.timeZone);
    if (state === 'not-started') {
      throw new AppError('PERIOD_NOT_STARTED', `${monthText} 尚未开始`);
    }
    const month = formatMonth(period);
    const [row] = await this.sql.query<ReportRow>(
      `SELECT r.*, u.name AS updated_by_name FROM monthly_reports r
         LEFT JOIN users u ON u.id = r.updated_by WHERE r.month = $1`,
      [month],
    );
    if (bureau && (!row || row.current_round === 0)) {
      throw new AppError('MONTHLY_REPORT_NOT_FOUND', `${month} 的月度报告尚未提交`);
    }
    const rounds = await this.sql.query<RoundRow>(
      'SELECT * FROM monthly_report_rounds WHERE month = $1 ORDER BY round_no',
      [month],
    );
    const latest = rounds.at(-1);
    const first = rounds[0];
    // The Data Bureau always reads what was submitted to it, never the operator's edits in
    // progress after a return; the operator sees its live draft until it submits again.
    const frozen = Boolean(
      latest && row && (bureau || row.status === 'submitted' || row.status === 'archived'),
    );
    const snapshot = frozen && latest ? snapshotOf(latest) : null;
    const parts: ComputedParts = snapshot ? pickParts(snapshot) : await this.compute(period);
    return {
      ...summaryOf(period, row, first?.late_days ?? null, latest?.submitted_at ?? null, {
        state,
        dueDay: document.monthlyReportDueDay,
        timeZone: document.timeZone,
        now,
      }),
      usage: snapshot ? snapshot.usage : usageOf(row),
      commentary: snapshot ? snapshot.commentary : (row?.commentary ?? ''),
      updatedBy: row?.updated_by_name ?? null,
      parts,
      frozen,
      rounds: rounds.map((round) => presentRound(month, round)),
    };
  }

  /** Creates or updates the draft: part (a) and commentary. Not while under review or archived. */
  async saveDraft(
    caller: Caller,
    monthText: string,
    input: Partial<UsageFigures> & { commentary?: string | undefined },
  ): Promise<void> {
    const period = MonthlyReportsService.period(monthText);
    const { document } = await this.deps.policies.inForce();
    const now = this.deps.clock.now();
    if (monthState(period, now, document.timeZone) === 'not-started') {
      throw new AppError(
        'PERIOD_NOT_STARTED',
        `${formatMonth(period)} 尚未开始，不能填写该月的月度报告`,
      );
    }
    const month = formatMonth(period);
    await this.deps.database.raw.transaction(async (tx) => {
      const [row] = await tx.query<ReportRow>(
        'SELECT * FROM monthly_reports WHERE month = $1 FOR UPDATE',
        [month],
      );
      if (row && (row.status === 'submitted' || row.status === 'archived')) {
        throw new AppError(
          'MONTHLY_REPORT_NOT_EDITABLE',
          row.status === 'submitted'
            ? `${month} 的月度报告已提交，正在等待市数据局审核，不能修改`
            : `${month} 的月度报告已存档备查，不能修改`,
          { status: row.status },
        );
      }
      const merged = { ...usageOf(row), ...definedOnly(input) };
      const commentary = input.commentary ?? row?.commentary ?? '';
      const values = [
        merged.vcpuCoreHours,
        merged.memoryGibHours,
        merged.blockStorageTbMonths,
        merged.objectStorageTbMonths,
        merged.bandwidthPeakMbps,
        merged.trafficTb,
        merged.securityInstances,
        commentary,
        caller.userId,
        now,
      ];
      if (row) {
        await tx.query(
          `UPDATE monthly_reports SET vcpu_core_hours = $2, memory_gib_hours = $3,
             block_storage_tb_months = $4, object_storage_tb_months = $5, bandwidth_peak_mbps = $6,
             traffic_tb = $7, security_instances = $8, commentary = $9, updated_by = $10,
             updated_at = $11
           WHERE month = $1`,
          [month, ...values],
        );
      } else {
        await tx.query(
          `INSERT INTO monthly_reports (month, status, operator_id, vcpu_core_hours,
             memory_gib_hours, block_storage_tb_months, object_storage_tb_months,
             bandwidth_peak_mbps, traffic_tb, security_instances, commentary, current_round,
             created_by, created_at, updated_by, updated_at)
           VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $11, $12)`,
          [month, caller.organisationId, ...values],
        );
      }
    });
  }

  /**
   * Submits the report (管理员): the month has ended, part (a) is complete, the totals reconcile
   * (monthly-reports.submission.ts).
   */
  submit(caller: Caller, monthText: string): Promise<{ roundNo: number; lateDays: number }> {
    return submitReport(this.deps, caller, MonthlyReportsService.period(monthText));
  }

  /** 存档备查 (Data Bureau): the latest round is accepted and the report closed. */
  async archive(caller: Caller, monthText: string): Promise<{ roundNo: number }> {
    return this.decide(caller, monthText, 'archived', null);
  }

  /** 退回 (Data Bureau) with a reason the operator sees; it may correct part (a) and resubmit. */
  async returnReport(
    caller: Caller,
    monthText: string,
    reason: string,
  ): Promise<{ roundNo: number }> {
    const text = reason.trim();
    if (text === '') {
      throw new AppError('VALIDATION_FAILED', 'reason: 请填写退回原因', undefined, [
        { field: 'body.reason', message: '请填写退回原因' },
      ]);
    }
    return this.decide(caller, monthText, 'returned', text);
  }

  private async decide(
    caller: Caller,
    monthText: string,
    decision: 'archived' | 'returned',
    reason: string | null,
  ): Promise<{ roundNo: number }> {
    const month = formatMonth(MonthlyReportsService.period(monthText));
    const now = this.deps.clock.now();
    return this.deps.database.raw.transaction(async (tx) => {
      const [row] = await tx.query<ReportRow>(
        'SELECT * FROM monthly_reports WHERE month = $1 FOR UPDATE',
        [month],
      );
      if (!row || row.current_round === 0) {
        throw new AppError('MONTHLY_REPORT_NOT_FOUND', `${month} 的月度报告尚未提交`);
      }
      if (row.status !== 'submitted') {
        throw new AppError(
          'MONTHLY_REPORT_NOT_UNDER_REVIEW',
          row.status === 'archived'
            ? `${month} 的月度报告已存档备查`
            : `${month} 的月度报告已退回，等待平台服务方重新提交`,
          { status: row.status },
        );
      }
      await tx.query(
        `UPDATE monthly_report_rounds SET decision = $3, reviewed_by = $4, reviewed_by_name = $5,
           reason = $6, decided_at = $7
         WHERE month = $1 AND round_no = $2`,
        [month, row.current_round, decision, caller.userId, caller.name, reason, now],
      );
      await tx.query('UPDATE monthly_reports SET status = $2, updated_at = $3 WHERE month = $1', [
        month,
        decision,
        now,
      ]);
      // The decision's audit row commits with it (D-audit-tx-1).
      noteAudit({
        detail: { roundNo: row.current_round, ...(reason === null ? {} : { reason }) },
      });
      return { roundNo: row.current_round };
    });
  }

  /** A round's frozen document. */
  async document(
    monthText: string,
    roundNo: number,
    kind: DocumentKind,
  ): Promise<{ name: string; mediaType: string; bytes?: Buffer; file?: StoredFile }> {
    const month = formatMonth(MonthlyReportsService.period(monthText));
    const [round] = await this.sql.query<RoundRow>(
      'SELECT * FROM monthly_report_rounds WHERE month = $1 AND round_no = $2',
      [month, roundNo],
    );
    // Rounds exist only once submitted, so the Data Bureau never reaches a draft this way.
    if (!round) throw new AppError('FILE_NOT_FOUND', `${month} 没有第 ${roundNo} 次提交`);
    const name = documentName(month, roundNo, kind);
    if (kind === 'json') {
      return {
        name,
        mediaType: 'application/json',
        bytes: Buffer.from(round.snapshot_json),
      };
    }
    const file = await this.deps.files.get(
      kind === 'xlsx' ? round.xlsx_file_id : round.pdf_file_id,
    );
    if (!file) throw new AppError('FILE_NOT_FOUND');
    return { name, mediaType: file.mediaType, file };
  }
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== undefined && key !== 'commentary'),
  ) as Partial<T>;
}

export const localDay = localDateString;

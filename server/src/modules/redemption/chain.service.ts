/**
 * The redemption review chain (第十五条 to 第十八条): the operator attests and submits a final
 * package build; the Data Bureau decides every line (accept, reject, recognise a lower amount)
 * and approves — the recognised amount is the sum of the accepted lines — or returns it; the DRC
 * sends the aggregate to Finance or returns it; Finance approves and records the payment, which
 * must equal the recognised amount and moves it `redeemed:<year>` → `paid:<year>` in the ledger.
 *
 * Every step locks the submission row, checks the state machine (domain/redemption-chain.ts) and
 * the version the caller saw (two officials at once: exactly one takes effect), records who, when,
 * the comment and the documents' SHA-256, and notifies the next department — in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import type { Role } from '../../domain/permissions.js';
import { paymentDueDaysOf } from '../../domain/policy.js';
import {
  publicSettlementStatus,
  type RedemptionAction,
  type RedemptionStatus,
  recognisedFor,
  transition,
} from '../../domain/redemption-chain.js';
import { localDateString, localYear } from '../../domain/time.js';
import { AppError, fieldError } from '../../errors.js';
import type { SignInService } from '../accounts/sign-in.service.js';
import { account, insertTransfers } from '../ledger/transfers.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import type { RedemptionPackageService } from './package.service.js';

export const DECLARATION =
  '本单位承诺：所报兑现材料真实、完整；资源券未以任何形式兑换现金；同一账单未重复核销；如经核查发现不符合兑付条件的款项，将如数退还。';

export interface Caller {
  userId: string;
  name: string;
  role: Role;
}

export interface SubmissionView {
  id: string;
  settlementYear: number;
  roundNo: number;
  buildId: string;
  status: RedemptionStatus;
  version: number;
  netWriteOff: number;
  recognised: number | null;
  /** Sum of the decisions so far (undecided lines count 0). */
  recognisedSoFar: number;
  lines: number;
  decidedLines: number;
  linesWithExceptions: number;
  attestedByName: string;
  attestedAt: string;
  declaration: string;
  workbookSha256: string;
  pdfSha256: string;
  sentToFinanceAt: string | null;
  paymentDueOn: string | null;
  overdue: boolean;
  payment: {
    amount: number;
    paidOn: string;
    reference: string;
    recordedByName: string;
    recordedAt: string;
  } | null;
  steps: Array<{
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorName: string;
    actorRole: string;
    comment: string | null;
    documentsSha256: string[];
    at: string;
  }>;
}

interface SubmissionRow {
  id: string;
  settlement_year: number;
  round_no: number;
  build_id: string;
  status: RedemptionStatus;
  version: number;
  net_write_off: string;
  recognised: string | null;
  attested_by_name: string;
  attested_at: Date;
  declaration: string;
  workbook_sha256: string;
  pdf_sha256: string;
  sent_to_finance_at: Date | null;
  payment_due_on: string | null;
}

/** The page each role acts on (web/src/workspace/workspaces.ts and features.ts). */
const LINKS: Partial<Record<Role, string>> = {
  operator_staff: '/operator/redemption',
  operator_admin: '/operator-admin/redemption',
  data_bureau_reviewer: '/data-bureau/redemption-reviews',
  data_bureau_admin: '/data-bureau-admin/redemption-reviews',
  drc_officer: '/drc/redemption-summary',
  finance_officer: '/finance/payments',
};

export class RedemptionChainService {
  constructor(
    private readonly deps: {
      database: Database;
      clock: Clock;
      policies: PoliciesService;
      packages: RedemptionPackageService;
      signIn: SignInService;
      notifications: NotificationsService;
    },
  ) {}

  private get sql(): RawSql {
    return this.deps.database.raw;
  }

  // ── The operator ─────────────────────────────────────────────────────────────────────────

  /** Attest and submit a final build: a fresh password and authenticator code, and the promise. */
  async submit(
    caller: Caller,
    year: number,
    input: { buildId: string; password: string; totpCode?: string | undefined },
  ): Promise<SubmissionView> {
    const build = await this.deps.packages.get(input.buildId);
    if (!build || build.settlementYear !== year) {
      throw fieldError('body.buildId', `不是 ${year} 年度的兑现材料`);
    }
    if (build.kind !== 'final' || build.status !== 'done' || !build.workbook || !build.pdf) {
      throw new AppError('REDEMPTION_BUILD_NOT_FINAL');
    }
    await this.deps.signIn.confirm(caller.userId, {
      password: input.password,
      totpCode: input.totpCode,
    });
    const now = this.deps.clock.now();
    const id = randomUUID();
    await this.deps.database.raw.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`redemption-year:${year}`]);
      const [open] = await tx.query(
        `SELECT 1 FROM redemption_submissions WHERE settlement_year = $1 AND status <> 'returned'`,
        [year],
      );
      if (open) throw new AppError('REDEMPTION_ALREADY_SUBMITTED');
      const [{ round } = { round: 0 }] = await tx.query<{ round: number }>(
        'SELECT coalesce(max(round_no), 0) AS round FROM redemption_submissions WHERE settlement_year = $1',
        [year],
      );
      await tx.query(
        `INSERT INTO redemption_submissions (id, settlement_year, round_no, build_id, status,
           version, net_write_off, attested_by, attested_by_name, attested_at, declaration,
           workbook_sha256, pdf_sha256, updated_at)
         VALUES ($1, $2, $3, $4, 'submitted', 1, $5, $6, $7, $8, $9, $10, $11, $8)`,
        [
          id,
          year,
          Number(round) + 1,
          build.id,
          build.netWriteOff ?? 0,
          caller.userId,
          caller.name,
          now,
          DECLARATION,
          build.workbook?.sha256,
          build.pdf?.sha256,
        ],
      );
      await this.step(tx, id, 'submit', null, 'submitted', caller, null, [
        build.workbook?.sha256 ?? '',
        build.pdf?.sha256 ?? '',
      ]);
      await this.notify(tx, 'data_bureau', {
        kind: 'redemption.submitted',
        title: `${year} 年度资源券兑现材料待审核`,
        body: `平台服务方已提交 ${year} 年度资源券兑现材料（第 ${Number(round) + 1} 轮），申请兑付 ${formatYuan(build.netWriteOff ?? 0)}，请审核。`,
        dedupeKey: `redemption:${id}:submitted`,
      });
    });
    return this.view(id);
  }

  // ── Lines (Data Bureau reviewer) ─────────────────────────────────────────────────────────

  async decideLine(
    caller: Caller,
    submissionId: string,
    lineNo: number,
    input: {
      decision: 'accept' | 'reject' | 'reduce';
      recognised?: number | undefined;
      reason?: string | undefined;
    },
  ): Promise<SubmissionView> {
    const reason = input.reason?.trim() || null;
    if (input.decision !== 'accept' && !reason) {
      throw fieldError(
        'body.reason',
        input.decision === 'reject' ? '请填写不予认定的原因' : '请填写核减的原因',
      );
    }
    await this.deps.database.raw.transaction(async (tx) => {
      const submission = await this.lock(tx, submissionId);
      this.allowed(submission.status, 'decide-lines', caller.role);
      const line = await this.deps.packages.line(submission.build_id, lineNo, tx);
      if (!line) throw new AppError('REDEMPTION_LINE_NOT_FOUND');
      const outcome = recognisedFor(input.decision, line.netWriteOff, input.recognised);
      if (!outcome.ok) {
        throw fieldError(
          'body.recognised',
          outcome.reason === 'AMOUNT_REQUIRED'
            ? '请填写认定金额'
            : `认定金额须为 0 至 ${formatYuan(Math.max(0, line.netWriteOff))} 之间的金额（不含上限，等于上限请选择“认定”）`,
        );
      }
      await this.writeDecision(
        tx,
        submissionId,
        lineNo,
        input.decision,
        outcome.recognised,
        reason,
        caller,
      );
    });
    return this.view(submissionId);
  }

  /** Accepts every undecided line without exceptions; lines with exceptions stay for one by one. */
  async acceptCleanLines(
    caller: Caller,
    submissionId: string,
  ): Promise<{ accepted: number; view: SubmissionView }> {
    let accepted = 0;
    await this.deps.database.raw.transaction(async (tx) => {
      const submission = await this.lock(tx, submissionId);
      this.allowed(submission.status, 'decide-lines', caller.role);
      const rows = await tx.query(
        `INSERT INTO redemption_line_decisions (submission_id, line_no, decision, recognised,
           reason, decided_by, decided_by_name, decided_at)
         SELECT $1, l.line_no, 'accept', greatest(l.net_write_off, 0), NULL, $3, $4, $5
           FROM redemption_lines l
          WHERE l.build_id = $2 AND cardinality(l.exception_codes) = 0
            AND NOT EXISTS (SELECT 1 FROM redemption_line_decisions d
                             WHERE d.submission_id = $1 AND d.line_no = l.line_no)
         RETURNING line_no`,
        [submissionId, submission.build_id, caller.userId, caller.name, this.deps.clock.now()],
      );
      accepted = rows.length;
    });
    return { accepted, view: await this.view(submissionId) };
  }

  // ── Transitions ──────────────────────────────────────────────────────────────────────────

  /** Data Bureau administrator: every line decided; the recognised amount is reported to the DRC. */
  async bureauApprove(
    caller: Caller,
    submissionId: string,
    input: { version: number; totpCode?: string | undefined; comment?: string | undefined },
  ): Promise<SubmissionView> {
    await this.deps.signIn.confirm(caller.userId, { totpCode: input.totpCode });
    return this.move(caller, submissionId, 'bureau-approve', input, async (tx, submission) => {
      const [counts] = await tx.query<{
        lines: string;
        decided: string;
        recognised: string | null;
      }>(
        `SELECT (SELECT count(*) FROM redemption_lines WHERE build_id = $2) AS lines,
                (SELECT count(*) FROM redemption_line_decisions WHERE submission_id = $1) AS decided,
                (SELECT sum(recognised) FROM redemption_line_decisions WHERE submission_id = $1) AS recognised`,
        [submissionId, submission.build_id],
      );
      if (Number(counts?.decided ?? 0) < Number(counts?.lines ?? 0)) {
        throw new AppError(
          'REDEMPTION_LINES_UNDECIDED',
          `还有 ${Number(counts?.lines) - Number(counts?.decided)} 条明细未审核`,
        );
      }
      const recognised = Math.min(
        Number(counts?.recognised ?? 0),
        Number(submission.net_write_off),
      );
      await tx.query('UPDATE redemption_submissions SET recognised = $2 WHERE id = $1', [
        submissionId,
        recognised,
      ]);
      await this.notify(tx, 'drc', {
        kind: 'redemption.bureau-approved',
        title: `${submission.settlement_year} 年度资源券兑现待汇总`,
        body: `市数据局已审核 ${submission.settlement_year} 年度资源券兑现材料，认定金额 ${formatYuan(recognised)}，请汇总后报送市财政局。`,
        dedupeKey: `redemption:${submissionId}:bureau-approved:${submission.version}`,
      });
    });
  }

  /** A return to the previous department, with a reason; which one depends on the stage. */
  async returnSubmission(
    caller: Caller,
    submissionId: string,
    input: { version: number; reason: string },
  ): Promise<SubmissionView> {
    const reason = input.reason.trim();
    if (!reason) throw fieldError('body.reason', '请填写退回原因');
    const action: RedemptionAction =
      caller.role === 'drc_officer'
        ? 'drc-return'
        : caller.role === 'finance_officer'
          ? 'finance-return'
          : 'bureau-return';
    return this.move(
      caller,
      submissionId,
      action,
      { ...input, comment: reason },
      async (tx, submission) => {
        const to =
          action === 'bureau-return' ? 'operator' : action === 'drc-return' ? 'data_bureau' : 'drc';
        if (action === 'drc-return') {
          // Back with the Data Bureau: its approval no longer stands; the line decisions do.
          await tx.query('UPDATE redemption_submissions SET recognised = NULL WHERE id = $1', [
            submissionId,
          ]);
        }
        if (action === 'finance-return') {
          await tx.query(
            'UPDATE redemption_submissions SET sent_to_finance_at = NULL, payment_due_on = NULL WHERE id = $1',
            [submissionId],
          );
        }
        await this.notify(tx, to, {
          kind: `redemption.${action}`,
          title: `${submission.settlement_year} 年度资源券兑现被退回`,
          body: `${caller.name}退回了 ${submission.settlement_year} 年度资源券兑现申请。原因：${reason}`,
          dedupeKey: `redemption:${submissionId}:${action}:${submission.version}`,
        });
      },
    );
  }

  /** DRC: the aggregate goes to Finance; the payment falls due `paymentDueDays` later. */
  async sendToFinance(
    caller: Caller,
    submissionId: string,
    input: { version: number; comment?: string | undefined },
  ): Promise<SubmissionView> {
    const policy = (await this.deps.policies.inForce()).document;
    return this.move(caller, submissionId, 'drc-send', input, async (tx, submission) => {
      const now = this.deps.clock.now();
      const due = localDateString(
        new Date(now.getTime() + paymentDueDaysOf(policy) * 86_400_000),
        policy.timeZone,
      );
      await tx.query(
        'UPDATE redemption_submissions SET sent_to_finance_at = $2, payment_due_on = $3 WHERE id = $1',
        [submissionId, now, due],
      );
      await this.notify(tx, 'finance', {
        kind: 'redemption.sent-to-finance',
        title: `${submission.settlement_year} 年度资源券兑付待审核拨付`,
        body: `市发改委已报送 ${submission.settlement_year} 年度资源券兑付汇总，认定金额 ${formatYuan(Number(submission.recognised ?? 0))}，请于 ${due} 前审核拨付。`,
        dedupeKey: `redemption:${submissionId}:sent-to-finance:${submission.version}`,
      });
    });
  }

  async financeApprove(
    caller: Caller,
    submissionId: string,
    input: { version: number; totpCode?: string | undefined; comment?: string | undefined },
  ): Promise<SubmissionView> {
    await this.deps.signIn.confirm(caller.userId, { totpCode: input.totpCode });
    return this.move(caller, submissionId, 'finance-approve', input, async () => {});
  }

  /** Finance records the payment: exactly the recognised amount, once; the ledger moves it. */
  async pay(
    caller: Caller,
    submissionId: string,
    input: { version: number; amount: number; paidOn: string; reference: string },
  ): Promise<SubmissionView> {
    const reference = input.reference.trim();
    if (!reference) throw fieldError('body.reference', '请填写支付凭证号');
    return this.move(
      caller,
      submissionId,
      'pay',
      { version: input.version, comment: `支付凭证号 ${reference}` },
      async (tx, submission) => {
        const recognised = Number(submission.recognised ?? 0);
        if (input.amount !== recognised) {
          throw new AppError(
            'PAYMENT_AMOUNT_MISMATCH',
            `拨付金额 ${formatYuan(input.amount)} 与认定金额 ${formatYuan(recognised)} 不一致`,
            { recognised, amount: input.amount },
            [{ field: 'body.amount', message: `拨付金额须等于认定金额 ${formatYuan(recognised)}` }],
          );
        }
        const [already] = await tx.query(
          'SELECT 1 FROM redemption_payments WHERE submission_id = $1',
          [submissionId],
        );
        if (already) throw new AppError('PAYMENT_ALREADY_RECORDED');
        const now = this.deps.clock.now();
        const year = submission.settlement_year;
        // Nothing moves when nothing was recognised; the column is NOT NULL, so that payment
        // keeps an id of its own that names no transfer (the ledger's check skips amount 0).
        let transferId: string = randomUUID();
        if (recognised > 0) {
          await insertTransfers(tx, [
            {
              kind: 'pay',
              source: account.redeemed(year),
              destination: account.paid(year),
              amount: recognised,
              effectiveAt: now,
              settlementYear: year,
              memo: { submissionId, reference, paidOn: input.paidOn },
            },
          ]);
          transferId = await payTransferOf(tx, year, submissionId);
        }
        await tx.query(
          `INSERT INTO redemption_payments (submission_id, amount, paid_on, reference, transfer_id,
           recorded_by, recorded_by_name, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            submissionId,
            recognised,
            input.paidOn,
            reference,
            transferId,
            caller.userId,
            caller.name,
            now,
          ],
        );
        await this.notify(tx, 'operator', {
          kind: 'redemption.paid',
          title: `${year} 年度资源券兑付款已拨付`,
          body: `市财政局已拨付 ${year} 年度资源券兑付款 ${formatYuan(recognised)}（支付凭证号 ${reference}，${input.paidOn}）。`,
          dedupeKey: `redemption:${submissionId}:paid`,
        });
      },
    );
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────

  /** The submissions a role sees first: its own queue, then the rest, newest year first. */
  async list(filter: { status?: RedemptionStatus | undefined }): Promise<SubmissionView[]> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT id FROM redemption_submissions WHERE ($1::text IS NULL OR status = $1)
        ORDER BY settlement_year DESC, round_no DESC LIMIT 200`,
      [filter.status ?? null],
    );
    return Promise.all(rows.map((row) => this.view(row.id)));
  }

  /** The year's current round (or the last returned one), for the operator's page. */
  async forYear(year: number): Promise<SubmissionView[]> {
    const rows = await this.sql.query<{ id: string }>(
      'SELECT id FROM redemption_submissions WHERE settlement_year = $1 ORDER BY round_no DESC',
      [year],
    );
    return Promise.all(rows.map((row) => this.view(row.id)));
  }

  async view(submissionId: string, sql: RawSql = this.sql): Promise<SubmissionView> {
    const [row] = await sql.query<SubmissionRow>(
      'SELECT * FROM redemption_submissions WHERE id = $1',
      [submissionId],
    );
    if (!row) throw new AppError('REDEMPTION_NOT_FOUND');
    const [counts] = await sql.query<{
      lines: string;
      exceptional: string;
      decided: string;
      so_far: string | null;
    }>(
      `SELECT (SELECT count(*) FROM redemption_lines WHERE build_id = $2) AS lines,
              (SELECT count(*) FROM redemption_lines WHERE build_id = $2 AND cardinality(exception_codes) > 0) AS exceptional,
              (SELECT count(*) FROM redemption_line_decisions WHERE submission_id = $1) AS decided,
              (SELECT sum(recognised) FROM redemption_line_decisions WHERE submission_id = $1) AS so_far`,
      [submissionId, row.build_id],
    );
    const steps = await sql.query<{
      action: string;
      from_status: string | null;
      to_status: string;
      actor_name: string;
      actor_role: string;
      comment: string | null;
      documents_sha256: string[];
      at: Date;
    }>('SELECT * FROM redemption_steps WHERE submission_id = $1 ORDER BY seq', [submissionId]);
    const [payment] = await sql.query<{
      amount: string;
      paid_on: string;
      reference: string;
      recorded_by_name: string;
      recorded_at: Date;
    }>('SELECT * FROM redemption_payments WHERE submission_id = $1', [submissionId]);
    const { timeZone } = (await this.deps.policies.inForce()).document;
    const today = localDateString(this.deps.clock.now(), timeZone);
    return {
      id: row.id,
      settlementYear: row.settlement_year,
      roundNo: row.round_no,
      buildId: row.build_id,
      status: row.status,
      version: row.version,
      netWriteOff: Number(row.net_write_off),
      recognised: row.recognised === null ? null : Number(row.recognised),
      recognisedSoFar: Number(counts?.so_far ?? 0),
      lines: Number(counts?.lines ?? 0),
      decidedLines: Number(counts?.decided ?? 0),
      linesWithExceptions: Number(counts?.exceptional ?? 0),
      attestedByName: row.attested_by_name,
      attestedAt: new Date(row.attested_at).toISOString(),
      declaration: row.declaration,
      workbookSha256: row.workbook_sha256,
      pdfSha256: row.pdf_sha256,
      sentToFinanceAt: row.sent_to_finance_at
        ? new Date(row.sent_to_finance_at).toISOString()
        : null,
      paymentDueOn: row.payment_due_on,
      overdue: row.payment_due_on !== null && row.status !== 'paid' && today > row.payment_due_on,
      payment: payment
        ? {
            amount: Number(payment.amount),
            paidOn: payment.paid_on,
            reference: payment.reference,
            recordedByName: payment.recorded_by_name,
            recordedAt: new Date(payment.recorded_at).toISOString(),
          }
        : null,
      steps: steps.map((step) => ({
        action: step.action,
        fromStatus: step.from_status,
        toStatus: step.to_status,
        actorName: step.actor_name,
        actorRole: step.actor_role,
        comment: step.comment,
        documentsSha256: step.documents_sha256,
        at: new Date(step.at).toISOString(),
      })),
    };
  }

  /** The line decisions of a submission, by line number. */
  async decisions(submissionId: string) {
    const rows = await this.sql.query<{
      line_no: number;
      decision: 'accept' | 'reject' | 'reduce';
      recognised: string;
      reason: string | null;
      decided_by_name: string;
      decided_at: Date;
    }>('SELECT * FROM redemption_line_decisions WHERE submission_id = $1 ORDER BY line_no', [
      submissionId,
    ]);
    return new Map(
      rows.map((row) => [
        Number(row.line_no),
        {
          decision: row.decision,
          recognised: Number(row.recognised),
          reason: row.reason,
          decidedByName: row.decided_by_name,
          decidedAt: new Date(row.decided_at).toISOString(),
        },
      ]),
    );
  }

  /** The DRC's aggregate: the recognised enterprises and amounts, by enterprise, star, list year. */
  async aggregate(submissionId: string) {
    const submission = await this.view(submissionId);
    const rows = await this.sql.query<{
      credit_code: string;
      enterprise_name: string;
      star: number;
      list_year: number;
      net: string;
      recognised: string;
    }>(
      `SELECT l.credit_code, l.enterprise_name, l.star, l.list_year,
              sum(l.net_write_off) AS net, sum(coalesce(d.recognised, 0)) AS recognised
         FROM redemption_lines l
         LEFT JOIN redemption_line_decisions d ON d.submission_id = $1 AND d.line_no = l.line_no
        WHERE l.build_id = $2
        GROUP BY l.credit_code, l.enterprise_name, l.star, l.list_year
        ORDER BY l.credit_code, l.list_year`,
      [submissionId, submission.buildId],
    );
    const byEnterprise = rows.map((row) => ({
      creditCode: row.credit_code,
      enterpriseName: row.enterprise_name,
      star: Number(row.star),
      listYear: Number(row.list_year),
      netWriteOff: Number(row.net),
      recognised: Number(row.recognised),
    }));
    const group = <K extends 'star' | 'listYear'>(key: K) => {
      const groups = new Map<number, { enterprises: number; recognised: number }>();
      for (const row of byEnterprise) {
        if (row.recognised <= 0) continue;
        const entry = groups.get(row[key]) ?? { enterprises: 0, recognised: 0 };
        entry.enterprises += 1;
        entry.recognised += row.recognised;
        groups.set(row[key], entry);
      }
      return [...groups.entries()].sort(([a], [b]) => a - b);
    };
    return {
      submission,
      byEnterprise,
      byStar: group('star').map(([star, value]) => ({ star, ...value })),
      byListYear: group('listYear').map(([listYear, value]) => ({ listYear, ...value })),
    };
  }

  /** The open API's settlement of a year (open-api.md “Statements and settlements”). */
  async settlement(year: number) {
    const now = this.deps.clock.now();
    const { timeZone } = (await this.deps.policies.inForce()).document;
    const ended = year < localYear(now, timeZone);
    const [net] = await this.sql.query<{ net: string | null }>(
      `SELECT sum(CASE WHEN kind = 'deduct' THEN amount ELSE -amount END) AS net
         FROM ledger_transfers WHERE settlement_year = $1 AND kind IN ('deduct', 'restore', 'reversal_void')`,
      [year],
    );
    const [current] = await this.sql.query<{ id: string }>(
      `SELECT id FROM redemption_submissions WHERE settlement_year = $1
        ORDER BY (status <> 'returned') DESC, round_no DESC LIMIT 1`,
      [year],
    );
    const view = current ? await this.view(current.id) : null;
    const build = view ? await this.deps.packages.get(view.buildId) : null;
    const latestBuild = view
      ? null
      : (await this.deps.packages.years()).find((y) => y.year === year)?.latestBuild;
    const paid = view?.payment ?? null;
    return {
      year,
      status: publicSettlementStatus(view?.status ?? null, ended),
      netWriteOff: Number(net?.net ?? 0),
      submitted: view ? view.netWriteOff : null,
      recognised: view?.recognised ?? null,
      paid: paid?.amount ?? null,
      paidAt: paid ? paid.paidOn : null,
      paymentReference: paid?.reference ?? null,
      exceptions: (build ?? latestBuild)?.exceptionCount ?? 0,
      documents: view
        ? [
            { name: `${year}年度资源券兑现材料.xlsx`, sha256: view.workbookSha256 },
            { name: `${year}年度资源券兑付申请函.pdf`, sha256: view.pdfSha256 },
          ]
        : [],
    };
  }

  // ── Helpers ──────────────────────────────────────────────────────────────────────────────

  private async lock(tx: RawSql, submissionId: string): Promise<SubmissionRow> {
    const [row] = await tx.query<SubmissionRow>(
      'SELECT * FROM redemption_submissions WHERE id = $1 FOR UPDATE',
      [submissionId],
    );
    if (!row) throw new AppError('REDEMPTION_NOT_FOUND');
    return row;
  }

  private allowed(
    status: RedemptionStatus,
    action: RedemptionAction,
    role: Role,
  ): RedemptionStatus {
    const outcome = transition(status, action, role);
    if (!outcome.ok) {
      throw new AppError(
        outcome.refusal === 'WRONG_ROLE' ? 'FORBIDDEN' : 'REDEMPTION_WRONG_STATUS',
      );
    }
    return outcome.to;
  }

  /** Locks, checks role, status and version, applies `effect`, moves the status, records the step. */
  private async move(
    caller: Caller,
    submissionId: string,
    action: RedemptionAction,
    input: { version: number; comment?: string | undefined },
    effect: (tx: RawSql, submission: SubmissionRow) => Promise<void>,
  ): Promise<SubmissionView> {
    await this.deps.database.raw.transaction(async (tx) => {
      const submission = await this.lock(tx, submissionId);
      const to = this.allowed(submission.status, action, caller.role);
      if (submission.version !== input.version) throw new AppError('REDEMPTION_STEP_CONFLICT');
      await effect(tx, submission);
      await tx.query(
        `UPDATE redemption_submissions SET status = $2, version = version + 1, updated_at = $3
          WHERE id = $1`,
        [submissionId, to, this.deps.clock.now()],
      );
      await this.step(
        tx,
        submissionId,
        action,
        submission.status,
        to,
        caller,
        input.comment?.trim() || null,
        [submission.workbook_sha256, submission.pdf_sha256],
      );
    });
    return this.view(submissionId);
  }

  private async writeDecision(
    tx: RawSql,
    submissionId: string,
    lineNo: number,
    decision: 'accept' | 'reject' | 'reduce',
    recognised: number,
    reason: string | null,
    caller: Caller,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO redemption_line_decisions (submission_id, line_no, decision, recognised, reason,
         decided_by, decided_by_name, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (submission_id, line_no) DO UPDATE
         SET decision = $3, recognised = $4, reason = $5, decided_by = $6, decided_by_name = $7,
             decided_at = $8`,
      [
        submissionId,
        lineNo,
        decision,
        recognised,
        reason,
        caller.userId,
        caller.name,
        this.deps.clock.now(),
      ],
    );
  }

  private async step(
    tx: RawSql,
    submissionId: string,
    action: string,
    from: RedemptionStatus | null,
    to: RedemptionStatus,
    caller: Caller,
    comment: string | null,
    documents: string[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO redemption_steps (id, submission_id, action, from_status, to_status,
         actor_user_id, actor_name, actor_role, comment, documents_sha256, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        randomUUID(),
        submissionId,
        action,
        from,
        to,
        caller.userId,
        caller.name,
        caller.role,
        comment,
        documents,
        this.deps.clock.now(),
      ],
    );
  }

  /** Inbox of every user of the department (or the operator), linking to their own page. */
  private async notify(
    tx: RawSql,
    to: 'operator' | 'data_bureau' | 'drc' | 'finance',
    input: { kind: string; title: string; body: string; dedupeKey: string },
  ): Promise<void> {
    const users = await tx.query<{ id: string; role: Role }>(
      to === 'operator'
        ? `SELECT u.id, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id
            WHERE o.kind = 'operator'`
        : `SELECT u.id, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id
            WHERE o.kind = 'department' AND o.department_code = $1`,
      to === 'operator' ? [] : [to],
    );
    for (const user of users) {
      await this.deps.notifications.notifyUser(
        user.id,
        { ...input, link: LINKS[user.role] ?? null },
        tx,
      );
    }
  }
}

/**
 * The id of the `pay` transfer just written for a submission, as the ledger chose it
 * (`insertTransfers` picks the ids and returns none): the payment row must name the transfer that
 * moved the money. Found by the transfer's year and its memo's submission (the `kind`, year index;
 * a year has one pay transfer per paid submission, and a submission is paid once).
 */
async function payTransferOf(tx: RawSql, year: number, submissionId: string): Promise<string> {
  const rows = await tx.query<{ id: string }>(
    `SELECT id FROM ledger_transfers
      WHERE kind = 'pay' AND settlement_year = $1 AND memo->>'submissionId' = $2`,
    [year, submissionId],
  );
  const [only] = rows;
  if (!only || rows.length !== 1) {
    throw new Error(
      `expected one pay transfer for submission ${submissionId}, found ${rows.length}`,
    );
  }
  return only.id;
}

/**
 * The Data Bureau's review (第十六条): the reviewer decides every line of the submitted package —
 * accept, reject, or recognise a lower amount, each rejection or reduction with a reason; clean
 * lines can be accepted in bulk, lines with exceptions only one by one — and the administrator
 * approves with TOTP once every line is decided: the recognised amount (the sum of the accepted
 * lines, never above the submitted net) is reported to the DRC.
 */
import type { RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import { recognisedFor } from '../../domain/redemption-chain.js';
import { AppError, fieldError } from '../../errors.js';
import {
  type ApprovalInput,
  allowedTo,
  approveStep,
  type Caller,
  type ChainDeps,
  lockSubmission,
  notifyDepartment,
} from './chain.steps.js';

export interface LineDecisionInput {
  decision: 'accept' | 'reject' | 'reduce';
  recognised?: number | undefined;
  reason?: string | undefined;
}

/** The reviewer decides one line: accept, reject or reduce (the last two with a reason). */
export async function decideLine(
  deps: ChainDeps,
  caller: Caller,
  submissionId: string,
  lineNo: number,
  input: LineDecisionInput,
): Promise<void> {
  const reason = input.reason?.trim() || null;
  if (input.decision !== 'accept' && !reason) {
    throw fieldError(
      'body.reason',
      input.decision === 'reject' ? '请填写不予认定的原因' : '请填写核减的原因',
    );
  }
  await deps.database.raw.transaction(async (tx) => {
    const submission = await lockSubmission(tx, submissionId);
    allowedTo(submission.status, 'decide-lines', caller.role);
    const line = await deps.packages.line(submission.build_id, lineNo, tx);
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
    await writeDecision(
      deps.clock,
      tx,
      submissionId,
      lineNo,
      input.decision,
      outcome.recognised,
      reason,
      caller,
    );
  });
}

/** Accepts every undecided line without exceptions; lines with exceptions stay for one by one. */
export async function acceptCleanLines(
  deps: ChainDeps,
  caller: Caller,
  submissionId: string,
): Promise<number> {
  let accepted = 0;
  await deps.database.raw.transaction(async (tx) => {
    const submission = await lockSubmission(tx, submissionId);
    allowedTo(submission.status, 'decide-lines', caller.role);
    const rows = await tx.query(
      `INSERT INTO redemption_line_decisions (submission_id, line_no, decision, recognised,
         reason, decided_by, decided_by_name, decided_at)
       SELECT $1, l.line_no, 'accept', greatest(l.net_write_off, 0), NULL, $3, $4, $5
         FROM redemption_lines l
        WHERE l.build_id = $2 AND cardinality(l.exception_codes) = 0
          AND NOT EXISTS (SELECT 1 FROM redemption_line_decisions d
                           WHERE d.submission_id = $1 AND d.line_no = l.line_no)
       RETURNING line_no`,
      [submissionId, submission.build_id, caller.userId, caller.name, deps.clock.now()],
    );
    accepted = rows.length;
  });
  return accepted;
}

/** Data Bureau administrator: every line decided; the recognised amount is reported to the DRC. */
export async function approve(
  deps: ChainDeps,
  caller: Caller,
  submissionId: string,
  input: ApprovalInput,
): Promise<void> {
  await approveStep(deps, caller, submissionId, 'bureau-approve', input, async (tx, submission) => {
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
    const recognised = Math.min(Number(counts?.recognised ?? 0), Number(submission.net_write_off));
    await tx.query('UPDATE redemption_submissions SET recognised = $2 WHERE id = $1', [
      submissionId,
      recognised,
    ]);
    await notifyDepartment(deps.notifications, tx, 'drc', {
      kind: 'redemption.bureau-approved',
      title: `${submission.settlement_year} 年度资源券兑现待汇总`,
      body: `市数据局已审核 ${submission.settlement_year} 年度资源券兑现材料，认定金额 ${formatYuan(recognised)}，请汇总后报送市财政局。`,
      dedupeKey: `redemption:${submissionId}:bureau-approved:${submission.version}`,
    });
  });
}

async function writeDecision(
  clock: Clock,
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
    [submissionId, lineNo, decision, recognised, reason, caller.userId, caller.name, clock.now()],
  );
}

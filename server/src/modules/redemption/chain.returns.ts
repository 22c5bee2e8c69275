/**
 * A return to the previous department, with a reason (第十六条 to 第十八条): the Data Bureau returns
 * to the operator (a new round follows), the DRC to the Data Bureau (its approval no longer
 * stands; the line decisions do), Finance to the DRC (the payment is no longer due). Which one
 * follows from the caller's role; the state machine decides whether it may.
 */
import type { RedemptionAction } from '../../domain/redemption-chain.js';
import { fieldError } from '../../errors.js';
import { type Caller, type ChainDeps, moveSubmission, notifyDepartment } from './chain.steps.js';

export interface ReturnInput {
  version: number;
  reason: string;
}

export async function returnSubmission(
  deps: ChainDeps,
  caller: Caller,
  submissionId: string,
  input: ReturnInput,
): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw fieldError('body.reason', '请填写退回原因');
  const action: RedemptionAction =
    caller.role === 'drc_officer'
      ? 'drc-return'
      : caller.role === 'finance_officer'
        ? 'finance-return'
        : 'bureau-return';
  await moveSubmission(
    deps,
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
      await notifyDepartment(deps.notifications, tx, to, {
        kind: `redemption.${action}`,
        title: `${submission.settlement_year} 年度资源券兑现被退回`,
        body: `${caller.name}退回了 ${submission.settlement_year} 年度资源券兑现申请。原因：${reason}`,
        dedupeKey: `redemption:${submissionId}:${action}:${submission.version}`,
      });
    },
  );
}

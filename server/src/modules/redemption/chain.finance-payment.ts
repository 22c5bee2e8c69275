/**
 * Finance's review and payment (第十八条): approve with TOTP, then record the payment — exactly the
 * recognised amount (anything else is refused, naming it), once — which the ledger moves
 * `redeemed:<year>` → `paid:<year>`, and the payment row names that `pay` transfer
 * (`ledger verify` checks that payments and transfers agree). The operator is told.
 */
import { randomUUID } from 'node:crypto';
import { formatYuan } from '../../domain/money.js';
import { AppError, fieldError } from '../../errors.js';
import { account, insertTransfers } from '../ledger/transfers.js';
import {
  type ApprovalInput,
  approveStep,
  type Caller,
  type ChainDeps,
  moveSubmission,
  notifyDepartment,
} from './chain.steps.js';

export async function approve(
  deps: ChainDeps,
  caller: Caller,
  submissionId: string,
  input: ApprovalInput,
): Promise<void> {
  await approveStep(deps, caller, submissionId, 'finance-approve', input, async () => {});
}

export interface PaymentInput {
  version: number;
  /** Fen; must equal the recognised amount. */
  amount: number;
  /** 'YYYY-MM-DD': the payment voucher's date. */
  paidOn: string;
  /** 支付凭证号. */
  reference: string;
}

/** Finance records the payment: exactly the recognised amount, once; the ledger moves it. */
export async function pay(
  deps: ChainDeps,
  caller: Caller,
  submissionId: string,
  input: PaymentInput,
): Promise<void> {
  const reference = input.reference.trim();
  if (!reference) throw fieldError('body.reference', '请填写支付凭证号');
  await moveSubmission(
    deps,
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
      const now = deps.clock.now();
      const year = submission.settlement_year;
      // Nothing moves when nothing was recognised; the column is NOT NULL, so that payment
      // keeps an id of its own that names no transfer (the ledger's check skips amount 0).
      let transferId: string = randomUUID();
      if (recognised > 0) {
        const [payTransferId] = await insertTransfers(tx, [
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
        if (payTransferId) transferId = payTransferId;
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
      await notifyDepartment(deps.notifications, tx, 'operator', {
        kind: 'redemption.paid',
        title: `${year} 年度资源券兑付款已拨付`,
        body: `市财政局已拨付 ${year} 年度资源券兑付款 ${formatYuan(recognised)}（支付凭证号 ${reference}，${input.paidOn}）。`,
        dedupeKey: `redemption:${submissionId}:paid`,
      });
    },
  );
}

/**
 * The cross-checks of a redemption package (issue 8 §3, beyond the measures): each exception a
 * stable code the Data Bureau sees on the line, in the 核查异常 sheet and in the open API's
 * `exceptions` count. Pure: the package query gathers the facts per voucher, this names them.
 */
import { type AnomalyThresholds, BASIS_POINTS_IN_WHOLE } from './policy.js';

export const REDEMPTION_EXCEPTIONS = {
  NOT_ON_LIST: '企业不在该资源券名单年度已发布的星级上云企业名单中',
  STAR_AMOUNT_MISMATCH: '星级与资源券金额不符合政策档位',
  OUTSIDE_TRANCHE_WINDOW: '存在不在所用期次有效期内的核销',
  CATEGORY_NOT_ELIGIBLE: '存在政策不允许的服务类别的核销',
  OVERSPEND: '核销超过资源券额度',
  REVERSAL_EXCEEDS_DEDUCTION: '存在冲正金额超过原核销金额的账单',
  TOTALS_MISMATCH: '兑付材料合计与账本不一致',
} as const;
export type RedemptionException = keyof typeof REDEMPTION_EXCEPTIONS;

export interface LineFacts {
  /** A published list entry exists for (credit code, list year). */
  onPublishedList: boolean;
  star: number;
  amount: number;
  /** The policy tier amount for the star, under the policy the voucher was granted by. */
  tierAmount: number | null;
  /** Deductions of the year outside the window of a tranche they drew on. */
  deductionsOutsideWindow: number;
  /** Deductions of the year whose category the policy does not allow. */
  ineligibleDeductions: number;
  /** Everything deducted less restored, ever, against the voucher's amount. */
  netUsedEver: number;
  /** Deductions of the voucher whose reversals exceed what they deducted. */
  overReversedDeductions: number;
}

export function lineExceptions(facts: LineFacts): RedemptionException[] {
  const found: RedemptionException[] = [];
  if (!facts.onPublishedList) found.push('NOT_ON_LIST');
  if (facts.tierAmount === null || facts.tierAmount !== facts.amount) {
    found.push('STAR_AMOUNT_MISMATCH');
  }
  if (facts.deductionsOutsideWindow > 0) found.push('OUTSIDE_TRANCHE_WINDOW');
  if (facts.ineligibleDeductions > 0) found.push('CATEGORY_NOT_ELIGIBLE');
  if (facts.netUsedEver > facts.amount) found.push('OVERSPEND');
  if (facts.overReversedDeductions > 0) found.push('REVERSAL_EXCEEDS_DEDUCTION');
  return found;
}

// ── Anomaly flags: warnings, not exceptions ────────────────────────────────────────────────
// A flagged line is not wrong by any rule; it is a pattern worth a reviewer's second look. A
// warning does not stop the line being accepted in bulk; the thresholds are the policy's
// `anomalyThresholds` (domain/policy.ts).

export const REDEMPTION_WARNINGS = {
  LATE_SPEND: '期次临近到期时集中核销（最后几天核销占该期额度比例过高）',
  ROUND_AMOUNT_BURST: '同一企业同一天出现多笔相同整数金额的账单',
  NEAR_BALANCE: '多笔账单金额恰好略低于可用余额',
} as const;
export type RedemptionWarning = keyof typeof REDEMPTION_WARNINGS;

export interface WarningFacts {
  /** Per tranche drawn in the year: its amount and what was deducted in its last days. */
  tranches: { amount: number; deductedInLastDays: number }[];
  /** The most bills of one round amount on one local day. */
  largestRoundAmountBurst: number;
  /** Bills covered in full that left at most the margin of the balance they drew on. */
  nearBalanceBills: number;
}

export function lineWarnings(
  facts: WarningFacts,
  thresholds: AnomalyThresholds,
): RedemptionWarning[] {
  const found: RedemptionWarning[] = [];
  const { shareBasisPoints } = thresholds.lateSpend;
  // Integer comparison: deducted / amount ≥ share / 10000, without division.
  if (
    facts.tranches.some(
      (tranche) =>
        tranche.amount > 0 &&
        tranche.deductedInLastDays * BASIS_POINTS_IN_WHOLE >= tranche.amount * shareBasisPoints,
    )
  ) {
    found.push('LATE_SPEND');
  }
  if (facts.largestRoundAmountBurst >= thresholds.roundAmounts.minBills) {
    found.push('ROUND_AMOUNT_BURST');
  }
  if (facts.nearBalanceBills >= thresholds.nearBalance.minBills) found.push('NEAR_BALANCE');
  return found;
}

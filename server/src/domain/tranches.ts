import { DomainError } from './errors.js';
import type { Fen } from './money.js';
import type { Policy } from './policy.js';
import { addCalendarMonths } from './time.js';

export interface ScheduledTranche {
  /** 1-based, in policy order. */
  seq: number;
  amount: Fen;
  /** Inclusive. */
  activeFrom: Date;
  /** Exclusive: at this instant the tranche is expired. */
  expiresAt: Date;
}

export type TranchePolicy = Pick<Policy, 'timeZone' | 'tranches'>;

/**
 * Splits a voucher amount into its tranches as of the claim date D (the instant the claim is
 * approved). Each share is rounded down to whole fen except the last, which takes the
 * remainder, so the tranches add up to the amount exactly. Every bound is counted from D
 * itself (D + 12, D + 24 months), never from the previous bound: after a 29 February claim
 * the two can differ by a day.
 */
export function scheduleTranches(
  amount: Fen,
  claimedAt: Date,
  policy: TranchePolicy,
): ScheduledTranche[] {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new DomainError(
      'INVALID_AMOUNT',
      `a voucher amount must be whole fen ≥ 0, got ${amount}`,
    );
  }
  let scheduled = 0;
  return policy.tranches.map((rule, index) => {
    const isLast = index === policy.tranches.length - 1;
    // BigInt: amount × basis points can exceed 2^53.
    const share = isLast
      ? amount - scheduled
      : Number((BigInt(amount) * BigInt(rule.shareBasisPoints)) / 10_000n);
    scheduled += share;
    return {
      seq: index + 1,
      amount: share,
      // A share usable from D is usable at once, not from the next local midnight.
      activeFrom:
        rule.activeFromMonths === 0
          ? new Date(claimedAt.getTime())
          : addCalendarMonths(claimedAt, rule.activeFromMonths, policy.timeZone),
      expiresAt: addCalendarMonths(
        claimedAt,
        rule.activeFromMonths + rule.validForMonths,
        policy.timeZone,
      ),
    };
  });
}

export type TrancheStatus = 'pending' | 'active' | 'expired' | 'exhausted';

/** Decided from the clock alone, whether or not the expiry job has recorded the expiry yet. */
export function trancheStatus(
  tranche: { activeFrom: Date; expiresAt: Date; balance: Fen },
  now: Date,
): TrancheStatus {
  const time = now.getTime();
  if (time < tranche.activeFrom.getTime()) return 'pending';
  if (time >= tranche.expiresAt.getTime()) return 'expired';
  return tranche.balance > 0 ? 'active' : 'exhausted';
}

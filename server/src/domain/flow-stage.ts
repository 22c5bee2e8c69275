/**
 * Where a published star-list entry stands in the whole flow the Data Bureau supervises
 * (第三条: 发放、认领、使用): from "not yet certified" to a voucher that is in use, used up or
 * expired. Pure: the supervision read model gathers the facts, this decides the stage.
 */
import type { Fen } from './money.js';

export const FLOW_STAGES = [
  /** No approved certification for the entry's credit code (and none under review). */
  'notCertified',
  /** A certification with this credit code is submitted and waits for the Data Bureau. */
  'certifying',
  /** The certification was returned to the enterprise for correction: the enterprise acts next. */
  'certificationReturned',
  /** Certified; no claim yet. */
  'certified',
  /** A claim is waiting for the Data Bureau. */
  'claimSubmitted',
  /** The claim was returned to the enterprise for correction. */
  'claimReturned',
  /** The voucher is granted and something is still usable now or later. */
  'inUse',
  /** Granted, and every fen is used (or voided by a reversal) while tranches are still open. */
  'usedUp',
  /** Granted, and every tranche has expired. */
  'expired',
] as const;
export type FlowStage = (typeof FLOW_STAGES)[number];

export interface EntryFacts {
  certifiedAt: Date | null;
  certificationStatus: 'submitted' | 'returned' | 'approved' | null;
  claimStatus: 'submitted' | 'returned' | 'approved' | null;
  voucher: VoucherFacts | null;
}

export interface VoucherFacts {
  /** Balance of tranches active now plus tranches not yet active. */
  usable: Fen;
  /** Every tranche's expiry has passed. */
  allExpired: boolean;
}

export function flowStage(facts: EntryFacts): FlowStage {
  if (facts.voucher) {
    if (facts.voucher.allExpired) return 'expired';
    return facts.voucher.usable > 0 ? 'inUse' : 'usedUp';
  }
  if (facts.claimStatus === 'submitted') return 'claimSubmitted';
  if (facts.claimStatus === 'returned') return 'claimReturned';
  if (facts.certifiedAt) return 'certified';
  if (facts.certificationStatus === 'submitted') return 'certifying';
  if (facts.certificationStatus === 'returned') return 'certificationReturned';
  return 'notCertified';
}

/** Counts per stage, every stage present (zero when none), in flow order. */
export function countStages(stages: readonly FlowStage[]): Record<FlowStage, number> {
  const counts = Object.fromEntries(FLOW_STAGES.map((stage) => [stage, 0])) as Record<
    FlowStage,
    number
  >;
  for (const stage of stages) counts[stage] += 1;
  return counts;
}

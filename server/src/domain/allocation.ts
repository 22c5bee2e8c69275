import { DomainError } from './errors.js';
import type { Fen } from './money.js';
import { trancheStatus } from './tranches.js';

export interface TrancheBalance {
  trancheId: string;
  balance: Fen;
  activeFrom: Date;
  expiresAt: Date;
}

export interface DeductionRequest {
  billAmount: Fen;
  tranches: readonly TrancheBalance[];
  now: Date;
  coverageCapBasisPoints: number;
}

export interface DeductionAllocation {
  /** Paid by voucher. */
  deductible: Fen;
  /** Paid in cash by the enterprise: billAmount − deductible. */
  payable: Fen;
  /** In the order drawn; tranches that give nothing are left out. */
  allocations: Array<{ trancheId: string; amount: Fen }>;
}

/** The one expiring first goes first; ties by activation, then id, so the order is total. */
function drawOrder(a: TrancheBalance, b: TrancheBalance): number {
  return (
    a.expiresAt.getTime() - b.expiresAt.getTime() ||
    a.activeFrom.getTime() - b.activeFrom.getTime() ||
    (a.trancheId < b.trancheId ? -1 : a.trancheId > b.trancheId ? 1 : 0)
  );
}

/**
 * How much of one bill the voucher pays and from which tranches: min(bill × cap, balance of
 * the tranches active at `now`). A result with deductible 0 is for the caller to refuse.
 */
export function allocateDeduction(request: DeductionRequest): DeductionAllocation {
  const { billAmount, tranches, now, coverageCapBasisPoints } = request;
  if (!Number.isSafeInteger(billAmount) || billAmount <= 0) {
    throw new DomainError('INVALID_BILL_AMOUNT', `a bill must be whole fen > 0, got ${billAmount}`);
  }
  if (
    !Number.isInteger(coverageCapBasisPoints) ||
    coverageCapBasisPoints < 0 ||
    coverageCapBasisPoints > 10_000
  ) {
    throw new DomainError(
      'INVALID_COVERAGE_CAP',
      `the coverage cap must be 0–10000 basis points, got ${coverageCapBasisPoints}`,
    );
  }
  for (const tranche of tranches) {
    if (!Number.isSafeInteger(tranche.balance) || tranche.balance < 0) {
      throw new DomainError(
        'INVALID_BALANCE',
        `tranche ${tranche.trancheId} has balance ${tranche.balance}; balances are whole fen ≥ 0`,
      );
    }
  }

  // Rounded down: the voucher never pays a fraction of a fen more than the cap allows.
  const coverable = Number((BigInt(billAmount) * BigInt(coverageCapBasisPoints)) / 10_000n);
  const allocations: DeductionAllocation['allocations'] = [];
  let remaining = coverable;
  const active = tranches.filter((tranche) => trancheStatus(tranche, now) === 'active');
  for (const tranche of active.sort(drawOrder)) {
    if (remaining === 0) break;
    const amount = Math.min(tranche.balance, remaining);
    allocations.push({ trancheId: tranche.trancheId, amount });
    remaining -= amount;
  }
  const deductible = coverable - remaining;
  return { deductible, payable: billAmount - deductible, allocations };
}

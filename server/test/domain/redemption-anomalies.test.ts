import { describe, expect, it } from 'vitest';
import { ANOMALY_DEFAULTS, HAIAN_2024_POLICY, parsePolicy } from '../../src/domain/policy.js';
import { lineWarnings, type WarningFacts } from '../../src/domain/redemption-anomalies.js';

const quiet: WarningFacts = {
  tranches: [{ amount: 700_000, deductedInLastDays: 0 }],
  largestRoundAmountBurst: 1,
  nearBalanceBills: 0,
};

describe('lineWarnings (the package’s anomaly flags)', () => {
  it('says nothing of ordinary use', () => {
    expect(lineWarnings(quiet, ANOMALY_DEFAULTS)).toEqual([]);
  });

  it('flags late spending from exactly the share, to the fen', () => {
    const at = (late: number) =>
      lineWarnings(
        { ...quiet, tranches: [{ amount: 700_001, deductedInLastDays: late }] },
        ANOMALY_DEFAULTS,
      );
    // 50 % of ¥7,000.01 is ¥3,500.005: ¥3,500.00 is under it, ¥3,500.01 reaches it.
    expect(at(350_000)).toEqual([]);
    expect(at(350_001)).toEqual(['LATE_SPEND']);
  });

  it('flags round-amount bursts and near-balance bills from their counts', () => {
    expect(lineWarnings({ ...quiet, largestRoundAmountBurst: 2 }, ANOMALY_DEFAULTS)).toEqual([]);
    expect(lineWarnings({ ...quiet, largestRoundAmountBurst: 3 }, ANOMALY_DEFAULTS)).toEqual([
      'ROUND_AMOUNT_BURST',
    ]);
    expect(lineWarnings({ ...quiet, nearBalanceBills: 1 }, ANOMALY_DEFAULTS)).toEqual([]);
    expect(lineWarnings({ ...quiet, nearBalanceBills: 2 }, ANOMALY_DEFAULTS)).toEqual([
      'NEAR_BALANCE',
    ]);
  });

  it('takes its thresholds from the policy document, which validates them', () => {
    const strict = parsePolicy({
      ...HAIAN_2024_POLICY,
      anomalyThresholds: {
        lateSpend: { lastDays: 3, shareBasisPoints: 2_000 },
        roundAmounts: { unitFen: 10_000, minBills: 2 },
        nearBalance: { marginBasisPoints: 100, minBills: 5 },
      },
    }).anomalyThresholds;
    expect(strict && lineWarnings({ ...quiet, largestRoundAmountBurst: 2 }, strict)).toEqual([
      'ROUND_AMOUNT_BURST',
    ]);
    expect(() =>
      parsePolicy({
        ...HAIAN_2024_POLICY,
        anomalyThresholds: { ...ANOMALY_DEFAULTS, lateSpend: { lastDays: 0, shareBasisPoints: 1 } },
      }),
    ).toThrow(/anomalyThresholds\.lateSpend\.lastDays/);
  });
});

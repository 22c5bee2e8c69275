import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HAIAN_2024_POLICY } from '../../src/domain/policy.js';
import { scheduleTranches, type TranchePolicy, trancheStatus } from '../../src/domain/tranches.js';

const at = (iso: string) => new Date(iso);

describe('scheduleTranches with the Haian 2024 policy', () => {
  it('a claim on 29 February: both expiries fall on 1 March, counted from D', () => {
    const claimedAt = at('2024-02-29T10:00:00+08:00');
    expect(scheduleTranches(5_000_000, claimedAt, HAIAN_2024_POLICY)).toEqual([
      {
        seq: 1,
        amount: 3_500_000,
        activeFrom: claimedAt,
        expiresAt: at('2025-03-01T00:00:00+08:00'),
      },
      {
        seq: 2,
        amount: 1_500_000,
        activeFrom: at('2025-03-01T00:00:00+08:00'),
        expiresAt: at('2026-03-01T00:00:00+08:00'),
      },
    ]);
  });

  it('counts every bound from D, not from the previous bound', () => {
    // From D, D + 48 months is 29 Feb 2028; chained from 1 Mar 2025 it would be 1 Mar 2028.
    const policy = {
      timeZone: 'Asia/Shanghai',
      tranches: [
        { shareBasisPoints: 7_000, activeFromMonths: 0, validForMonths: 12 },
        { shareBasisPoints: 3_000, activeFromMonths: 12, validForMonths: 36 },
      ],
    };
    const [, second] = scheduleTranches(100, at('2024-02-29T10:00:00+08:00'), policy);
    expect(second?.expiresAt).toEqual(at('2028-02-29T00:00:00+08:00'));
  });

  it('a claim at 23:30 in Shanghai (15:30 UTC the same day) counts from the Shanghai date', () => {
    const claimedAt = at('2024-03-15T15:30:00Z');
    const [first, second] = scheduleTranches(1_000_000, claimedAt, HAIAN_2024_POLICY);
    expect(first).toMatchObject({
      activeFrom: claimedAt,
      expiresAt: at('2025-03-15T00:00:00+08:00'),
    });
    expect(second).toMatchObject({
      activeFrom: at('2025-03-15T00:00:00+08:00'),
      expiresAt: at('2026-03-15T00:00:00+08:00'),
    });
  });

  it('a claim at 00:30 in Shanghai (the previous day in UTC) counts from the Shanghai date', () => {
    const claimedAt = at('2024-03-15T16:30:00Z');
    const [first, second] = scheduleTranches(1_000_000, claimedAt, HAIAN_2024_POLICY);
    expect(first).toMatchObject({
      activeFrom: claimedAt,
      expiresAt: at('2025-03-16T00:00:00+08:00'),
    });
    expect(second).toMatchObject({
      activeFrom: at('2025-03-16T00:00:00+08:00'),
      expiresAt: at('2026-03-16T00:00:00+08:00'),
    });
  });

  it.each([
    [5_000_000, 3_500_000, 1_500_000],
    [2_000_000, 1_400_000, 600_000],
    [1_000_000, 700_000, 300_000],
    [1_000_001, 700_000, 300_001],
    [1_000_009, 700_006, 300_003],
    [3, 2, 1],
    [1, 0, 1],
    [0, 0, 0],
  ])('%d fen → %d + %d (rounded down, the last takes the remainder)', (amount, first, second) => {
    const tranches = scheduleTranches(amount, at('2024-06-01T09:00:00+08:00'), HAIAN_2024_POLICY);
    expect(tranches.map((tranche) => tranche.amount)).toEqual([first, second]);
  });

  it('does not hand out the caller’s Date object', () => {
    const claimedAt = at('2024-06-01T09:00:00+08:00');
    const [first] = scheduleTranches(100, claimedAt, HAIAN_2024_POLICY);
    expect(first?.activeFrom).not.toBe(claimedAt);
  });

  it.each([-1, 0.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses amount %d', (amount) => {
    expect(() => scheduleTranches(amount, at('2024-06-01T00:00:00Z'), HAIAN_2024_POLICY)).toThrow(
      expect.objectContaining({ code: 'INVALID_AMOUNT' }),
    );
  });
});

describe('scheduleTranches for any amount and any shares', () => {
  // Between 1 and 4 tranches, back to back, shares summing to 10000 basis points.
  const policy: fc.Arbitrary<TranchePolicy> = fc
    .uniqueArray(fc.integer({ min: 1, max: 9_999 }), { maxLength: 3 })
    .chain((cuts) =>
      fc
        .array(fc.integer({ min: 1, max: 24 }), {
          minLength: cuts.length + 1,
          maxLength: cuts.length + 1,
        })
        .map((validFor) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), 10_000];
          let activeFromMonths = 0;
          const tranches = validFor.map((validForMonths, index) => {
            const rule = {
              shareBasisPoints: (bounds[index + 1] ?? 0) - (bounds[index] ?? 0),
              activeFromMonths,
              validForMonths,
            };
            activeFromMonths += validForMonths;
            return rule;
          });
          return { timeZone: 'Asia/Shanghai', tranches };
        }),
    );
  const claimedAt = fc.date({
    min: at('2000-01-01T00:00:00Z'),
    max: at('2090-01-01T00:00:00Z'),
    noInvalidDate: true,
  });

  it('adds up to the amount exactly; each share but the last is rounded down', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), claimedAt, policy, (amount, claimed, trancheRules) => {
        const tranches = scheduleTranches(amount, claimed, trancheRules);
        expect(tranches.reduce((sum, tranche) => sum + tranche.amount, 0)).toBe(amount);
        tranches.slice(0, -1).forEach((tranche, index) => {
          const share = BigInt(trancheRules.tranches[index]?.shareBasisPoints ?? Number.NaN);
          expect(tranche.amount).toBe(Number((BigInt(amount) * share) / 10_000n));
        });
        for (const tranche of tranches) expect(tranche.amount).toBeGreaterThanOrEqual(0);
      }),
      { examples: [[Number.MAX_SAFE_INTEGER, at('2024-02-29T10:00:00+08:00'), HAIAN_2024_POLICY]] },
    );
  });

  it('gives back-to-back windows, the first opening at the claim itself', () => {
    fc.assert(
      fc.property(claimedAt, policy, (claimed, trancheRules) => {
        const tranches = scheduleTranches(1_000_000, claimed, trancheRules);
        expect(tranches.map((tranche) => tranche.seq)).toEqual(
          tranches.map((_, index) => index + 1),
        );
        expect(tranches[0]?.activeFrom).toEqual(claimed);
        tranches.forEach((tranche, index) => {
          expect(tranche.expiresAt.getTime()).toBeGreaterThan(tranche.activeFrom.getTime());
          const next = tranches[index + 1];
          if (next) expect(next.activeFrom).toEqual(tranche.expiresAt);
        });
      }),
    );
  });
});

describe('trancheStatus', () => {
  const activeFrom = at('2024-02-29T10:00:00+08:00');
  const expiresAt = at('2025-03-01T00:00:00+08:00');
  const justBefore = (date: Date) => new Date(date.getTime() - 1);

  it.each([
    [justBefore(activeFrom), 100, 'pending'],
    [activeFrom, 100, 'active'],
    [justBefore(expiresAt), 100, 'active'],
    [expiresAt, 100, 'expired'], // exclusive: at exactly expiresAt it is over
    [at('2030-01-01T00:00:00Z'), 100, 'expired'],
    [justBefore(activeFrom), 0, 'pending'],
    [activeFrom, 0, 'exhausted'],
    [expiresAt, 0, 'expired'],
  ])('at %s with balance %d: %s', (now, balance, status) => {
    expect(trancheStatus({ activeFrom, expiresAt, balance }, now)).toBe(status);
  });

  it('hands over from tranche 1 to tranche 2 at 00:00 Shanghai on D + 12 months', () => {
    const [first, second] = scheduleTranches(5_000_000, activeFrom, HAIAN_2024_POLICY).map(
      (tranche) => ({ ...tranche, balance: tranche.amount }),
    );
    if (!first || !second) throw new Error('expected two tranches');
    const lastMoment = at('2025-02-28T23:59:59.999+08:00');
    const handover = at('2025-03-01T00:00:00+08:00');
    expect([trancheStatus(first, lastMoment), trancheStatus(second, lastMoment)]).toEqual([
      'active',
      'pending',
    ]);
    expect([trancheStatus(first, handover), trancheStatus(second, handover)]).toEqual([
      'expired',
      'active',
    ]);
    expect(trancheStatus(second, at('2026-03-01T00:00:00+08:00'))).toBe('expired');
  });
});

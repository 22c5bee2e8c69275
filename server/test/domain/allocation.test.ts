import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateDeduction, type TrancheBalance } from '../../src/domain/allocation.js';
import { HAIAN_2024_POLICY } from '../../src/domain/policy.js';
import { scheduleTranches, trancheStatus } from '../../src/domain/tranches.js';

const at = (iso: string) => new Date(iso);
const NOW = at('2025-06-01T12:00:00+08:00');
const FULL = 10_000;

function tranche(
  trancheId: string,
  balance: number,
  activeFrom = '2025-01-01T00:00:00+08:00',
  expiresAt = '2026-01-01T00:00:00+08:00',
): TrancheBalance {
  return { trancheId, balance, activeFrom: at(activeFrom), expiresAt: at(expiresAt) };
}

describe('allocateDeduction', () => {
  it('pays the whole bill from an active tranche with enough balance', () => {
    expect(
      allocateDeduction({
        billAmount: 10_000,
        tranches: [tranche('t1', 1_000_000)],
        now: NOW,
        coverageCapBasisPoints: FULL,
      }),
    ).toEqual({
      deductible: 10_000,
      payable: 0,
      allocations: [{ trancheId: 't1', amount: 10_000 }],
    });
  });

  it('pays no more than the coverage cap, rounded down to whole fen', () => {
    expect(
      allocateDeduction({
        billAmount: 10_001,
        tranches: [tranche('t1', 1_000_000)],
        now: NOW,
        coverageCapBasisPoints: 8_000,
      }),
    ).toEqual({
      deductible: 8_000,
      payable: 2_001,
      allocations: [{ trancheId: 't1', amount: 8_000 }],
    });
  });

  it('pays no more than the balance; the enterprise pays the rest in cash', () => {
    expect(
      allocateDeduction({
        billAmount: 10_000,
        tranches: [tranche('t1', 3_000)],
        now: NOW,
        coverageCapBasisPoints: FULL,
      }),
    ).toEqual({
      deductible: 3_000,
      payable: 7_000,
      allocations: [{ trancheId: 't1', amount: 3_000 }],
    });
  });

  it('draws on the tranche expiring first, then the next', () => {
    const later = tranche('later', 5_000, '2025-01-01T00:00:00+08:00', '2026-06-01T00:00:00+08:00');
    const sooner = tranche(
      'sooner',
      2_000,
      '2025-03-01T00:00:00+08:00',
      '2025-07-01T00:00:00+08:00',
    );
    const request = { tranches: [later, sooner], now: NOW, coverageCapBasisPoints: FULL };
    expect(allocateDeduction({ ...request, billAmount: 1_500 }).allocations).toEqual([
      { trancheId: 'sooner', amount: 1_500 },
    ]);
    expect(allocateDeduction({ ...request, billAmount: 6_000 })).toEqual({
      deductible: 6_000,
      payable: 0,
      allocations: [
        { trancheId: 'sooner', amount: 2_000 },
        { trancheId: 'later', amount: 4_000 },
      ],
    });
  });

  it('breaks a tie on expiry by activation, then by tranche id', () => {
    const expiresAt = '2026-01-01T00:00:00+08:00';
    const tranches = [
      tranche('b', 100, '2025-01-01T00:00:00+08:00', expiresAt),
      tranche('c', 100, '2024-12-01T00:00:00+08:00', expiresAt),
      tranche('a', 100, '2025-01-01T00:00:00+08:00', expiresAt),
    ];
    const result = allocateDeduction({
      billAmount: 250,
      tranches,
      now: NOW,
      coverageCapBasisPoints: FULL,
    });
    expect(result.allocations).toEqual([
      { trancheId: 'c', amount: 100 },
      { trancheId: 'a', amount: 100 },
      { trancheId: 'b', amount: 50 },
    ]);
  });

  it('uses neither a pending, an expired nor an exhausted tranche', () => {
    const pending = tranche(
      'pending',
      9_000,
      '2025-06-01T12:00:00.001+08:00',
      '2026-06-01T00:00:00+08:00',
    );
    const expired = tranche(
      'expired',
      9_000,
      '2024-06-01T00:00:00+08:00',
      '2025-06-01T12:00:00+08:00',
    );
    const exhausted = tranche(
      'exhausted',
      0,
      '2025-01-01T00:00:00+08:00',
      '2025-07-01T00:00:00+08:00',
    );
    const active = tranche(
      'active',
      1_000,
      '2025-01-01T00:00:00+08:00',
      '2025-08-01T00:00:00+08:00',
    );
    expect(
      allocateDeduction({
        billAmount: 5_000,
        tranches: [pending, expired, exhausted, active],
        now: NOW,
        coverageCapBasisPoints: FULL,
      }),
    ).toEqual({
      deductible: 1_000,
      payable: 4_000,
      allocations: [{ trancheId: 'active', amount: 1_000 }],
    });
  });

  it.each([
    ['no tranches', []],
    ['only a pending tranche', [tranche('p', 100, '2025-07-01T00:00:00+08:00')]],
    ['only an exhausted tranche', [tranche('e', 0)]],
  ])('deducts nothing with %s', (_, tranches) => {
    expect(
      allocateDeduction({ billAmount: 500, tranches, now: NOW, coverageCapBasisPoints: FULL }),
    ).toEqual({ deductible: 0, payable: 500, allocations: [] });
  });

  it('follows a 29 February claim across the handover at 00:00 Shanghai', () => {
    const [first, second] = scheduleTranches(
      5_000_000,
      at('2024-02-29T10:00:00+08:00'),
      HAIAN_2024_POLICY,
    ).map((scheduled) => ({ ...scheduled, trancheId: `t${scheduled.seq}`, balance: 100 }));
    if (!first || !second) throw new Error('expected two tranches');
    const deduct = (now: Date) =>
      allocateDeduction({
        billAmount: 1_000,
        tranches: [second, first],
        now,
        coverageCapBasisPoints: FULL,
      }).allocations;
    expect(deduct(at('2025-02-28T23:59:59.999+08:00'))).toEqual([{ trancheId: 't1', amount: 100 }]);
    expect(deduct(at('2025-03-01T00:00:00+08:00'))).toEqual([{ trancheId: 't2', amount: 100 }]);
    expect(deduct(at('2026-03-01T00:00:00+08:00'))).toEqual([]);
  });

  const valid = { tranches: [tranche('t1', 100)], now: NOW, coverageCapBasisPoints: FULL };

  it.each([0, -1, 0.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])(
    'refuses bill amount %d',
    (bill) => {
      expect(() => allocateDeduction({ ...valid, billAmount: bill })).toThrow(
        expect.objectContaining({ code: 'INVALID_BILL_AMOUNT' }),
      );
    },
  );

  it.each([-1, 10_001, 0.5])('refuses coverage cap %d', (cap) => {
    expect(() =>
      allocateDeduction({ ...valid, billAmount: 100, coverageCapBasisPoints: cap }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_COVERAGE_CAP' }));
  });

  it.each([-1, 0.5])('refuses a tranche balance of %d', (balance) => {
    expect(() =>
      allocateDeduction({ ...valid, billAmount: 100, tranches: [tranche('t1', balance)] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_BALANCE' }));
  });
});

describe('allocateDeduction for any tranches, bill and cap', () => {
  const HOUR = 3_600_000;
  // Windows placed around NOW so that pending, active and expired tranches all occur.
  const trancheArbitrary = fc
    .record({
      balance: fc.oneof(fc.constant(0), fc.nat({ max: 1_000_000_000_000 })),
      startOffsetHours: fc.integer({ min: -48, max: 48 }),
      lengthHours: fc.integer({ min: 1, max: 96 }),
    })
    .map(({ balance, startOffsetHours, lengthHours }) => {
      const activeFrom = NOW.getTime() + startOffsetHours * HOUR;
      return {
        balance,
        activeFrom: new Date(activeFrom),
        expiresAt: new Date(activeFrom + lengthHours * HOUR),
      };
    });
  const request = fc.record({
    billAmount: fc.oneof(
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 1, max: 10_000_000_000_000 }),
    ),
    coverageCapBasisPoints: fc.oneof(fc.constant(FULL), fc.integer({ min: 0, max: FULL })),
    tranches: fc
      .array(trancheArbitrary, { maxLength: 6 })
      .map((tranches) => tranches.map((t, index) => ({ ...t, trancheId: `t${index}` }))),
  });

  it('pays min(bill × cap, active balance), within each tranche, earliest expiry first', () => {
    fc.assert(
      fc.property(request, ({ billAmount, coverageCapBasisPoints, tranches }) => {
        const result = allocateDeduction({
          billAmount,
          tranches,
          now: NOW,
          coverageCapBasisPoints,
        });
        const active = tranches.filter((t) => trancheStatus(t, NOW) === 'active');
        const activeBalance = active.reduce((sum, t) => sum + t.balance, 0);
        const coverable = Number((BigInt(billAmount) * BigInt(coverageCapBasisPoints)) / 10_000n);

        expect(result.deductible).toBe(Math.min(coverable, activeBalance));
        expect(result.deductible + result.payable).toBe(billAmount);
        expect(result.payable).toBeGreaterThanOrEqual(0);
        expect(result.allocations.reduce((sum, a) => sum + a.amount, 0)).toBe(result.deductible);

        const byId = new Map(tranches.map((t) => [t.trancheId, t]));
        const used = new Set(result.allocations.map((a) => a.trancheId));
        expect(used.size).toBe(result.allocations.length);
        for (const allocation of result.allocations) {
          const source = byId.get(allocation.trancheId);
          if (!source) throw new Error(`allocated to unknown tranche ${allocation.trancheId}`);
          expect(trancheStatus(source, NOW)).toBe('active');
          expect(allocation.amount).toBeGreaterThan(0);
          expect(allocation.amount).toBeLessThanOrEqual(source.balance);
        }
        // A tranche expiring before one that was drawn on must have been emptied first.
        for (const drawn of result.allocations) {
          const drawnExpiry = byId.get(drawn.trancheId)?.expiresAt.getTime() ?? Number.NaN;
          for (const earlier of active.filter((t) => t.expiresAt.getTime() < drawnExpiry)) {
            const taken = result.allocations.find((a) => a.trancheId === earlier.trancheId);
            expect(taken?.amount ?? 0).toBe(earlier.balance);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

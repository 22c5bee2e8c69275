/**
 * Seeded simulation: random sequences of grants, deductions (through the database functions:
 * yq_deduct, D-ledger-fn-1, and yq_deduct_batch, D-ledger-fn-2, on alternate steps), reversals,
 * clock moves and
 * expiry runs, applied both to the real ledger and to a small in-memory model of the policy
 * written independently of the ledger's code. Every outcome (amounts, refusal codes, tranche
 * balances) must agree, and the ledger's invariants must hold at the end of each seed.
 * A failure prints its seed; rerun one with SIM_SEED=<n>. SIM_SEEDS sets how many run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { HAIAN_2024_POLICY } from '../../src/domain/policy.js';
import { scheduleTranches } from '../../src/domain/tranches.js';
import { AppError } from '../../src/errors.js';
import { deductMany } from '../../src/modules/ledger/deduct.js';
import { LedgerService } from '../../src/modules/ledger/ledger.service.js';
import { verifyLedger } from '../../src/modules/ledger/ledger.verify.js';
import { vouchersOf } from '../../src/modules/ledger/vouchers.query.js';
import { planBudget } from '../../src/modules/plans/plan-budget.js';
import { PlansService } from '../../src/modules/plans/plans.service.js';
import { DEFAULT_PROGRAMME, PoliciesService } from '../../src/modules/policies/policies.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createEnterprise, createOrganisation } from '../helpers/fixtures.js';

const SEEDS = Number(process.env.SIM_SEEDS ?? 1000);
const ONLY_SEED = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : undefined;
const OPS_PER_SEED = 24;
const DAY = 86_400_000;

/** mulberry32: a small deterministic PRNG, so a seed replays exactly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

// ---- The model: the policy as plainly as it can be written. ----
interface ModelTranche {
  amount: number;
  balance: number;
  used: number;
  voided: number;
  activeFrom: number;
  expiresAt: number;
}
interface ModelDeduction {
  creditCode: string;
  parts: Array<{ tranche: ModelTranche; amount: number; reversed: number }>;
  deducted: number;
  reversed: number;
}
class Model {
  tranchesOf = new Map<string, ModelTranche[]>();
  deductions = new Map<string, ModelDeduction>();
  orders = new Set<string>();

  grant(creditCode: string, amount: number, at: Date) {
    const tranches = scheduleTranches(amount, at, HAIAN_2024_POLICY).map((t) => ({
      amount: t.amount,
      balance: t.amount,
      used: 0,
      voided: 0,
      activeFrom: t.activeFrom.getTime(),
      expiresAt: t.expiresAt.getTime(),
    }));
    this.tranchesOf.set(creditCode, tranches);
  }

  deduct(orderNo: string, creditCode: string, category: string, bill: number, now: number) {
    if (this.orders.has(orderNo)) return { error: 'DUPLICATE_ORDER' };
    if (!HAIAN_2024_POLICY.eligibleCategories.includes(category))
      return { error: 'CATEGORY_NOT_ELIGIBLE' };
    const active = (this.tranchesOf.get(creditCode) ?? [])
      .filter((t) => t.activeFrom <= now && now < t.expiresAt && t.balance > 0)
      .sort((a, b) => a.expiresAt - b.expiresAt);
    let remaining = bill;
    const parts: ModelDeduction['parts'] = [];
    for (const tranche of active) {
      const take = Math.min(tranche.balance, remaining);
      if (take === 0) break;
      tranche.balance -= take;
      tranche.used += take;
      remaining -= take;
      parts.push({ tranche, amount: take, reversed: 0 });
    }
    const deducted = bill - remaining;
    if (deducted === 0) return { error: 'NO_AVAILABLE_BALANCE' };
    this.orders.add(orderNo);
    return { deducted, payable: remaining, parts, creditCode };
  }

  reverse(deduction: ModelDeduction, amount: number, now: number) {
    if (amount > deduction.deducted - deduction.reversed)
      return { error: 'REVERSAL_EXCEEDS_DEDUCTION' };
    let remaining = amount;
    let restored = 0;
    let voided = 0;
    const latestFirst = [...deduction.parts].sort(
      (a, b) => b.tranche.expiresAt - a.tranche.expiresAt,
    );
    for (const part of latestFirst) {
      const take = Math.min(remaining, part.amount - part.reversed);
      if (take <= 0) continue;
      remaining -= take;
      part.reversed += take;
      part.tranche.used -= take;
      if (part.tranche.activeFrom <= now && now < part.tranche.expiresAt) {
        part.tranche.balance += take;
        restored += take;
      } else {
        part.tranche.voided += take;
        voided += take;
      }
    }
    deduction.reversed += amount;
    return { restored, voided };
  }

  /** What a read shows at `now`: expired tranches hold nothing, whatever the job has done. */
  view(creditCode: string, now: number) {
    return (this.tranchesOf.get(creditCode) ?? []).map((t) => {
      const expired = now >= t.expiresAt;
      return {
        amount: t.amount,
        used: t.used,
        voided: t.voided + (expired ? t.balance : 0),
        available: t.activeFrom <= now && !expired ? t.balance : 0,
      };
    });
  }

  recordExpiries(now: number) {
    for (const tranches of this.tranchesOf.values()) {
      for (const t of tranches) {
        if (now >= t.expiresAt && t.balance > 0) {
          t.voided += t.balance;
          t.balance = 0;
        }
      }
    }
  }
}

let db: TestDatabase;
let clock: ManualClock;
let ledger: LedgerService;
let planId: string;
let operatorId: string;
let enterpriseCounter = 1_000_000;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = new ManualClock('2025-01-01T00:00:00Z');
  const policies = new PoliciesService(db.database, clock);
  await policies.ensureDefault();
  ledger = new LedgerService(db.database, clock, policies, planBudget);
  const plans = new PlansService(db.database, clock, policies);
  const plan = await plans.create({
    listYear: 2024,
    title: 'simulation',
    totalBudget: 900_000_000_000,
    claimOpensAt: new Date('2024-01-01T00:00:00Z'),
    claimClosesAt: new Date('2030-01-01T00:00:00Z'),
  });
  planId = (await plans.approve(plan.id, 'sim')).id;
  operatorId = await createOrganisation(db.database.raw, {
    kind: 'operator',
    name: 'sim operator',
  });
}, 120_000);
afterAll(() => db.close());

async function runSeed(seed: number): Promise<void> {
  const random = prng(seed);
  const model = new Model();
  clock.set(new Date(Date.UTC(2025, 0, 1) + random.int(0, 365) * DAY + random.int(0, DAY - 1)));
  const enterprises: string[] = [];
  const deductionIds: Array<{ id: string; model: ModelDeduction }> = [];
  const caller = { clientId: `sim-${seed}`, operatorId };
  let orders = 0;
  const attempt = async <T>(work: () => Promise<T>): Promise<T | { error: string }> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError) return { error: error.code };
      throw error;
    }
  };

  for (let step = 0; step < OPS_PER_SEED; step++) {
    const now = clock.now().getTime();
    const op =
      enterprises.length === 0
        ? 'grant'
        : random.pick([
            'grant',
            'deduct',
            'deduct',
            'deduct',
            'reverse',
            'clock',
            'expire',
          ] as const);
    const where = `seed ${seed} step ${step} (${op})`;
    if (op === 'grant') {
      const enterprise = await createEnterprise(db.database.raw, ++enterpriseCounter);
      const star = random.pick([3, 4, 5] as const);
      await ledger.grant({
        enterpriseId: enterprise.id,
        creditCode: enterprise.creditCode,
        enterpriseName: enterprise.name,
        listYear: 2024,
        star,
        planId,
      });
      model.grant(enterprise.creditCode, HAIAN_2024_POLICY.tierAmounts[star], clock.now());
      enterprises.push(enterprise.creditCode);
    } else if (op === 'deduct') {
      const creditCode = random.pick(enterprises);
      const orderNo =
        random.chance(0.1) && orders > 0
          ? `S${seed}-${random.int(1, orders)}`
          : `S${seed}-${++orders}`;
      const category = random.chance(0.1)
        ? 'consulting'
        : random.pick(HAIAN_2024_POLICY.eligibleCategories);
      const bill = random.chance(0.2) ? random.int(1, 100) : random.int(1, 4_000_000);
      const expected = model.deduct(orderNo, creditCode, category, bill, now);
      const item = { orderNo, creditCode, category, amount: bill };
      // Alternate steps go through the batch function (D-ledger-fn-2) with this one bill; the
      // choice draws nothing from the PRNG, so each seed's sequence is what it was.
      const viaBatch = (seed + step) % 2 === 1;
      const actual = await attempt(() =>
        db.database.raw.transaction(async (tx) => {
          if (!viaBatch) return ledger.deduct(tx, item, caller);
          const context = { ...caller, now: clock.now(), programme: DEFAULT_PROGRAMME };
          const [outcome] = await deductMany(tx, [item], context, 'batch');
          if (!outcome?.ok) throw outcome?.error ?? new Error('no outcome');
          return outcome.result;
        }),
      );
      if ('error' in expected) {
        expect(actual, where).toEqual({ error: expected.error });
      } else {
        expect(actual, where).toMatchObject({
          deducted: expected.deducted,
          payable: expected.payable,
        });
        const record: ModelDeduction = {
          creditCode,
          parts: expected.parts,
          deducted: expected.deducted,
          reversed: 0,
        };
        deductionIds.push({ id: (actual as { deductionId: string }).deductionId, model: record });
      }
    } else if (op === 'reverse' && deductionIds.length > 0) {
      const target = random.pick(deductionIds);
      const open = target.model.deducted - target.model.reversed;
      const amount = random.chance(0.15)
        ? open + random.int(1, 10)
        : random.int(1, Math.max(1, open));
      const expected = model.reverse(target.model, amount, now);
      const actual = await attempt(() =>
        db.database.raw.transaction((tx) =>
          ledger.reverse(tx, { ...caller, deductionId: target.id, amount, reason: 'sim' }),
        ),
      );
      if ('error' in expected) expect(actual, where).toEqual({ error: expected.error });
      else expect(actual, where).toMatchObject(expected);
    } else if (op === 'clock') {
      clock.advance(random.chance(0.5) ? random.int(0, 40) * DAY : random.int(0, 400) * DAY);
    } else if (op === 'expire') {
      await ledger.recordExpiries();
      model.recordExpiries(now);
    }
  }
  const now = clock.now().getTime();
  for (const creditCode of enterprises) {
    const [voucher] = await vouchersOf(db.database.raw, { creditCode }, clock.now());
    const actual = voucher?.tranches.map((t) => ({
      amount: t.amount,
      used: t.used,
      voided: t.voided,
      available: t.available,
    }));
    expect(actual, `seed ${seed}: tranches of ${creditCode}`).toEqual(model.view(creditCode, now));
  }
}

describe('seeded simulation against an in-memory model', () => {
  it(`agrees with the model over ${ONLY_SEED === undefined ? SEEDS : 1} seeds and keeps every invariant`, async () => {
    const seeds =
      ONLY_SEED === undefined ? Array.from({ length: SEEDS }, (_, i) => i + 1) : [ONLY_SEED];
    for (const seed of seeds) {
      try {
        await runSeed(seed);
      } catch (error) {
        console.error(`simulation failed at seed ${seed}; rerun with SIM_SEED=${seed}`);
        throw error;
      }
    }
    const report = await verifyLedger(db.database.raw);
    expect(report.violations).toEqual([]);
  }, 1_800_000);
});

/**
 * The database functions `yq_deduct` (migration 0013, D-ledger-fn-1) and `yq_deduct_batch`
 * (migration 0016, D-ledger-fn-2) against the pure TypeScript rules, which stay the oracle:
 * for random worlds — several vouchers under policies with different categories and coverage
 * caps, tranches pending, active, expired, empty, with tied expiry dates — and random batches
 * of bills, every decision each function makes (refusal code, deducted, payable, allocations
 * in order, available after, the balances left) must be what `allocateDeduction` and the
 * refusal rules say. Then wrong variants of each function (latest-expiring first; the
 * coverage cap ignored) are installed, and the same comparison must fail for each. Under an
 * idempotency key, the batch function's stored answer must be the one `yq_deduct` gave for
 * the same batch, its audit row written with it, and a second call replay it.
 *
 * `yq_deduct` is migration 0017's (D-ledger-fn-3), as redefined by 0019 with time-ordered ids
 * (D-ledger-rows-1; the file installed here): a bill sent alone is decided by a fast path
 * first. Random one-bill worlds hold that path to the same rules, a wrong variant of it must be
 * caught, and under a key (the single route, a one-bill batch) its answer, stored key, audit
 * row, replay and the rows it writes must be those of 0013's function for the same bill from
 * the same state.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, type RawSql } from '../../src/db/client.js';
import { allocateDeduction } from '../../src/domain/allocation.js';
import { ManualClock } from '../../src/domain/clock.js';
import { HAIAN_2024_POLICY } from '../../src/domain/policy.js';
import {
  type DeductFunction,
  type DeductItem,
  type DeductOutcome,
  deductKeyed,
  deductMany,
  REFUSALS,
} from '../../src/modules/ledger/deduct.js';
import { DEFAULT_PROGRAMME, PoliciesService } from '../../src/modules/policies/policies.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createEnterprise, createOrganisation } from '../helpers/fixtures.js';

const SQL_OF: Record<Exclude<DeductFunction, 'auto'>, string> = {
  single: fs.readFileSync(path.join(MIGRATIONS_DIR, '0019_lean_deduction_writes.sql'), 'utf8'),
  batch: fs.readFileSync(path.join(MIGRATIONS_DIR, '0016_deduct_batch_function.sql'), 'utf8'),
};
const NOW = new Date('2025-06-01T04:00:00.000Z');
const DAY = 86_400_000;
const CATEGORIES = ['compute', 'storage', 'network', 'security'] as const;
const RUNS = Number(process.env.DEDUCT_FN_RUNS ?? 120);
/** 0013's yq_deduct, installed beside the current one as yq_deduct_0013 (the general path). */
const SQL_0013 = fs
  .readFileSync(path.join(MIGRATIONS_DIR, '0013_deduct_function.sql'), 'utf8')
  .replace('CREATE OR REPLACE FUNCTION yq_deduct(', 'CREATE OR REPLACE FUNCTION yq_deduct_0013(');

let db: TestDatabase;
let planId: string;
let operatorId: string;
let enterpriseSeq = 3_000_000;

// ---- Random worlds ----
interface PolicySpec {
  categories: string[];
  cap: number;
}
interface TrancheSpec {
  policy: number;
  balance: number;
  /** Days from NOW; the window is [activeFrom, expiresAt). */
  activeFrom: number;
  expiresAt: number;
}
interface World {
  policies: PolicySpec[];
  /** Per enterprise, its tranches (each tranche its own voucher, under its policy). */
  enterprises: TrancheSpec[][];
  bills: Array<{ enterprise: number; category: string; amount: number; order: number }>;
}

const policySpec = fc.record({
  categories: fc.subarray([...CATEGORIES], { minLength: 1 }),
  cap: fc.oneof(fc.constant(10_000), fc.integer({ min: 1, max: 10_000 })),
});
const trancheSpec = (policies: number) =>
  fc
    .record({
      policy: fc.integer({ min: 0, max: policies - 1 }),
      balance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
      activeFrom: fc.integer({ min: -400, max: 30 }),
      // Few distinct lengths, so expiry dates tie and the later keys of the order matter.
      length: fc.constantFrom(1, 30, 365, 400),
    })
    .map(({ length, ...t }) => ({ ...t, expiresAt: t.activeFrom + length }));
const world: fc.Arbitrary<World> = fc
  .array(policySpec, { minLength: 1, maxLength: 3 })
  .chain((policies) =>
    fc.record({
      policies: fc.constant(policies),
      enterprises: fc.array(fc.array(trancheSpec(policies.length), { maxLength: 5 }), {
        minLength: 1,
        maxLength: 3,
      }),
      bills: fc.array(
        fc.record({
          // -1: a credit code no enterprise has.
          enterprise: fc.integer({ min: -1, max: 2 }),
          category: fc.constantFrom(...CATEGORIES, 'consulting'),
          amount: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 9_000 })),
          // Few order numbers, so a batch sometimes repeats one.
          order: fc.integer({ min: 0, max: 7 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    }),
  );

/**
 * Worlds with one bill: the calls 0017's fast path decides (or hands on to the general path).
 * Up to two enterprises with up to eight tranches each, so that a bill often has several
 * tranches to draw on and the draw order and the cap decide what it takes.
 */
const oneBillWorld: fc.Arbitrary<World> = fc
  .array(policySpec, { minLength: 1, maxLength: 3 })
  .chain((policies) =>
    fc.record({
      policies: fc.constant(policies),
      enterprises: fc.array(
        fc.array(trancheSpec(policies.length), { minLength: 1, maxLength: 8 }),
        { minLength: 1, maxLength: 2 },
      ),
      bills: fc
        .record({
          enterprise: fc.integer({ min: -1, max: 1 }),
          category: fc.constantFrom(...CATEGORIES, 'consulting'),
          amount: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 9_000 })),
          order: fc.constant(0),
        })
        .map((bill) => [bill]),
    }),
  );

interface Built {
  creditCodes: string[];
  /** Tranche rows as the oracle sees them, per enterprise. */
  tranches: Array<
    Array<{
      id: string;
      balance: number;
      activeFrom: Date;
      expiresAt: Date;
      categories: string[];
      cap: number;
    }>
  >;
  items: DeductItem[];
}

/** Writes the world's rows directly: policies, vouchers, tranches (balances as given). */
async function build(w: World): Promise<Built> {
  const sql = db.database.raw;
  const policyIds: string[] = [];
  for (const p of w.policies) {
    const id = randomUUID();
    const document = {
      ...HAIAN_2024_POLICY,
      version: `oracle-${id}`,
      eligibleCategories: p.categories,
      coverageCapBasisPoints: p.cap,
    };
    // Superseded at once: these documents decide only the vouchers granted under them.
    await sql.query(
      `INSERT INTO policies (id, programme, version, document, published_at, superseded_at)
       VALUES ($1, 'oracle', $2, $3, $4, $4)`,
      [id, document.version, JSON.stringify(document), NOW],
    );
    policyIds.push(id);
  }
  const creditCodes: string[] = [];
  const tranches: Built['tranches'] = [];
  for (const specs of w.enterprises) {
    const enterprise = await createEnterprise(sql, ++enterpriseSeq);
    creditCodes.push(enterprise.creditCode);
    const rows: Built['tranches'][number] = [];
    for (const spec of specs) {
      const voucherId = randomUUID();
      const trancheId = randomUUID();
      const policyId = policyIds[spec.policy] as string;
      const amount = spec.balance + 1_000;
      await sql.query(
        `INSERT INTO vouchers (id, enterprise_id, credit_code, enterprise_name, list_year, star,
           amount, plan_id, policy_id, granted_at, grant_key)
         VALUES ($1, $2, $3, 'oracle', 2024, 5, $4, $5, $6, $7, $1)`,
        [voucherId, enterprise.id, enterprise.creditCode, amount, planId, policyId, NOW],
      );
      const activeFrom = new Date(NOW.getTime() + spec.activeFrom * DAY);
      const expiresAt = new Date(NOW.getTime() + spec.expiresAt * DAY);
      // The rest of the amount counts as used, so the conservation check holds.
      await sql.query(
        `INSERT INTO voucher_tranches (id, voucher_id, credit_code, seq, amount, active_from,
           expires_at, balance, used)
         VALUES ($1, $2, $3, 1, $4::bigint, $5, $6, $7::bigint, $4::bigint - $7::bigint)`,
        [trancheId, voucherId, enterprise.creditCode, amount, activeFrom, expiresAt, spec.balance],
      );
      const policy = w.policies[spec.policy] as PolicySpec;
      rows.push({
        id: trancheId,
        balance: spec.balance,
        activeFrom,
        expiresAt,
        categories: policy.categories,
        cap: policy.cap,
      });
    }
    tranches.push(rows);
  }
  const run = randomUUID().slice(0, 8);
  const items = w.bills.map((bill) => ({
    orderNo: `O-${run}-${bill.order}`,
    creditCode:
      bill.enterprise < 0
        ? 'UNKNOWN-ENTERPRISE'
        : (creditCodes[bill.enterprise % creditCodes.length] as string),
    category: bill.category,
    amount: bill.amount,
  }));
  return { creditCodes, tranches, items };
}

type Decision =
  | { code: string }
  | {
      deducted: number;
      payable: number;
      allocations: Array<{ trancheId: string; amount: number }>;
      availableAfter: number;
    };

/** What the TypeScript rules decide, bill by bill, and the balances they leave. */
function oracle(built: Built) {
  const balances = new Map<string, number>();
  for (const rows of built.tranches) for (const t of rows) balances.set(t.id, t.balance);
  const isActive = (t: { activeFrom: Date; expiresAt: Date }) =>
    t.activeFrom.getTime() <= NOW.getTime() && NOW.getTime() < t.expiresAt.getTime();
  // What the call could draw on: active tranches holding something when it started.
  const lockable = built.tranches.map((rows) => rows.filter((t) => isActive(t) && t.balance > 0));
  const usedOrders = new Set<string>();
  const decisions: Decision[] = built.items.map((item) => {
    if (usedOrders.has(item.orderNo)) return { code: 'DUPLICATE_ORDER' };
    const index = built.creditCodes.indexOf(item.creditCode);
    if (index < 0) return { code: 'ENTERPRISE_NOT_FOUND' };
    const own = lockable[index] ?? [];
    if (own.length === 0) {
      // Worded by the policy in force (the Haian default).
      return HAIAN_2024_POLICY.eligibleCategories.includes(item.category)
        ? { code: 'NO_AVAILABLE_BALANCE' }
        : { code: 'CATEGORY_NOT_ELIGIBLE' };
    }
    const eligible = own.filter((t) => t.categories.includes(item.category));
    if (eligible.length === 0) return { code: 'CATEGORY_NOT_ELIGIBLE' };
    const allocation = allocateDeduction({
      billAmount: item.amount,
      tranches: eligible.map((t) => ({
        trancheId: t.id,
        balance: balances.get(t.id) ?? 0,
        activeFrom: t.activeFrom,
        expiresAt: t.expiresAt,
      })),
      now: NOW,
      coverageCapBasisPoints: Math.min(...eligible.map((t) => t.cap)),
    });
    if (allocation.deductible === 0) return { code: 'NO_AVAILABLE_BALANCE' };
    for (const a of allocation.allocations) {
      balances.set(a.trancheId, (balances.get(a.trancheId) ?? 0) - a.amount);
    }
    usedOrders.add(item.orderNo);
    return {
      deducted: allocation.deductible,
      payable: allocation.payable,
      allocations: allocation.allocations,
      availableAfter: eligible.reduce((sum, t) => sum + (balances.get(t.id) ?? 0), 0),
    };
  });
  return { decisions, balances };
}

function decisionOf(outcome: DeductOutcome | undefined): Decision {
  if (!outcome) return { code: 'MISSING' };
  if (!outcome.ok) return { code: outcome.error.code };
  const { deducted, payable, allocations, availableAfter } = outcome.result;
  return { deducted, payable, allocations, availableAfter };
}

/**
 * The property: the database function decides every bill as the oracle does and leaves its
 * balances.
 */
const agreesWithTheRules = (fn: 'single' | 'batch', worlds: fc.Arbitrary<World> = world) =>
  fc.asyncProperty(worlds, async (w) => {
    const built = await build(w);
    const expected = oracle(built);
    const context = { clientId: 'oracle', operatorId, now: NOW, programme: DEFAULT_PROGRAMME };
    const outcomes = await db.database.raw.transaction((tx) =>
      deductMany(tx, built.items, context, fn),
    );
    expect(outcomes.map(decisionOf)).toEqual(expected.decisions);
    const ids = [...expected.balances.keys()];
    const rows = await db.database.raw.query<{ id: string; balance: string }>(
      'SELECT id, balance FROM voucher_tranches WHERE id = ANY($1::text[])',
      [ids],
    );
    const actual = new Map(rows.map((r) => [r.id, Number(r.balance)]));
    expect(actual).toEqual(expected.balances);
  });

/** Failed, and on a decision: an assertion, not an error of the database or the test. */
function expectCaught(result: { failed: boolean; errorInstance: unknown }) {
  expect(result.failed, 'the comparison must fail against the wrong function').toBe(true);
  expect((result.errorInstance as Error | null)?.name).toBe('AssertionError');
}

/** A migration's statements one by one (PGlite takes one a query; 0019 has several). */
async function installFunction(sql: string) {
  for (const statement of sql.split('--> statement-breakpoint')) {
    if (statement.trim() !== '') await db.database.raw.query(statement);
  }
}

function variant(fn: 'single' | 'batch', from: string, to: string): string {
  expect(SQL_OF[fn], `the variant's anchor "${from}"`).toContain(from);
  return SQL_OF[fn].replace(from, to);
}

/** Every occurrence replaced (the fast path repeats its draw order in four aggregates). */
function variantAll(fn: 'single' | 'batch', from: string, to: string): string {
  expect(SQL_OF[fn], `the variant's anchor "${from}"`).toContain(from);
  return SQL_OF[fn].replaceAll(from, to);
}

beforeAll(async () => {
  db = await createTestDatabase();
  const clock = new ManualClock(NOW);
  const policies = new PoliciesService(db.database, clock);
  await policies.ensureDefault();
  const [policy] = await db.database.raw.query<{ id: string }>('SELECT id FROM policies LIMIT 1');
  planId = randomUUID();
  await db.database.raw.query(
    `INSERT INTO plans (id, list_year, policy_id, title, total_budget, budget_balance,
       claim_opens_at, claim_closes_at, status, created_at)
     VALUES ($1, 2024, $2, 'oracle', 1000000000, 1000000000, $3, $4, 'approved', $3)`,
    [planId, policy?.id, new Date('2024-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z')],
  );
  operatorId = await createOrganisation(db.database.raw, { kind: 'operator', name: 'oracle op' });
  await installFunction(SQL_0013);
}, 120_000);
afterAll(() => db.close());

/** The batch's answer with each deduction id replaced by its place (ids are random). */
function withoutIds(body: unknown): unknown {
  const ids = new Map<string, string>();
  return JSON.parse(JSON.stringify(body), (key, value) => {
    if (key !== 'deductionId') return value;
    if (!ids.has(value)) ids.set(value, `deduction-${ids.size}`);
    return ids.get(value);
  });
}

/**
 * Under a key, one transaction: yq_deduct decides the batch as a batch (p_one false, pre-check
 * on), rolled back to a savepoint; yq_deduct_batch then decides it from the same state. Both
 * answers must be the same, the batch function's stored with its key, its audit row written
 * in the call, and a second call with the key must replay the stored answer.
 */
const keyedAnswerAsBefore = fc.asyncProperty(world, async (w) => {
  const built = await build(w);
  const key = `oracle-${randomUUID()}`;
  const arrays = [
    built.items.map((i) => i.orderNo),
    built.items.map((i) => i.creditCode),
    built.items.map((i) => i.category),
    built.items.map((i) => i.amount),
    built.items.map(() => null),
  ];
  const common = ['oracle', operatorId, key, 'hash', NOW.toISOString(), NOW.toISOString()];
  const tail = [DEFAULT_PROGRAMME, REFUSALS];
  await db.database.raw.transaction(async (tx) => {
    await tx.query('SAVEPOINT before_call');
    const [single] = await tx.query<{ r: { response: unknown } }>(
      `SELECT yq_deduct($1, $2, $3, $4, $5::timestamptz, $6, false, true, $7::text[], $8::text[],
         $9::text[], $10::bigint[], $11::text[], $12, $13::jsonb, NULL) AS r`,
      [...common, ...arrays, ...tail],
    );
    await tx.query('ROLLBACK TO SAVEPOINT before_call');
    const auditId = randomUUID();
    const audit = { id: auditId, action: 'open-api.deduct-batch', outcome: 'success' };
    const call = () =>
      tx.query<{ r: Record<string, unknown> }>(
        `SELECT yq_deduct_batch($1, $2, $3, $4, $5::timestamptz, $6, $7::text[], $8::text[],
           $9::text[], $10::bigint[], $11::text[], $12, $13::jsonb, $14::jsonb) AS r`,
        [...common, ...arrays, ...tail, JSON.stringify(audit)],
      );
    const [batch] = await call();
    const response = batch?.r.response as { status: number; body: unknown };
    expect(withoutIds(response)).toEqual(withoutIds(single?.r.response));
    expect(response.status).toBe(200);
    const [stored] = await tx.query<{ state: string; status_code: number; response: unknown }>(
      'SELECT state, status_code, response FROM idempotency_keys WHERE client_id = $1 AND key = $2',
      ['oracle', key],
    );
    expect(stored).toEqual({ state: 'done', status_code: 200, response: response.body });
    const audited = await tx.query('SELECT 1 FROM audit_log WHERE id = $1', [auditId]);
    expect(audited).toHaveLength(1);
    const [again] = await call();
    expect(again?.r).toEqual({
      replay: { request_hash: 'hash', state: 'done', status_code: 200, response: response.body },
    });
    // Nothing of this world is kept: the next one starts from the same kind of state.
    await tx.query('ROLLBACK TO SAVEPOINT before_call');
  });
});

for (const fn of ['single', 'batch'] as const) {
  const name = fn === 'single' ? 'yq_deduct' : 'yq_deduct_batch';
  describe(`${name} against the TypeScript rules`, () => {
    it(`decides ${RUNS} random worlds and batches exactly as allocateDeduction and the refusal rules do`, async () => {
      // (The worlds are written directly, without their grants, so `ledger verify` does not
      // apply here; the seeded simulation runs it over worlds built through the ledger.)
      await fc.assert(agreesWithTheRules(fn), { numRuns: RUNS });
    }, 600_000);

    it('catches a function that draws the latest-expiring tranche first', async () => {
      await installFunction(
        variant(
          fn,
          'array_agg(pos ORDER BY credit_code, expires_at, active_from',
          'array_agg(pos ORDER BY credit_code, expires_at DESC, active_from',
        ),
      );
      try {
        expectCaught(await fc.check(agreesWithTheRules(fn), { numRuns: RUNS, endOnFailure: true }));
      } finally {
        await installFunction(SQL_OF[fn]);
      }
    }, 600_000);

    it('catches a function that ignores the coverage cap', async () => {
      await installFunction(variant(fn, 'v_cap := least(v_cap, t_cap[k]);', 'NULL;'));
      try {
        expectCaught(await fc.check(agreesWithTheRules(fn), { numRuns: RUNS, endOnFailure: true }));
      } finally {
        await installFunction(SQL_OF[fn]);
      }
    }, 600_000);

    it('is the migration’s function again after the variants', async () => {
      await fc.assert(agreesWithTheRules(fn), { numRuns: 20 });
    }, 600_000);
  });
}

describe('yq_deduct_batch under an idempotency key', () => {
  it('answers, stores and audits each batch as yq_deduct did, and replays it', async () => {
    await fc.assert(keyedAnswerAsBefore, { numRuns: Math.ceil(RUNS / 2) });
  }, 600_000);

  it('catches a batch function whose stored answer drops a refused bill’s title', async () => {
    await installFunction(
      variant('batch', "'title', p_refusals->v_code->'title', ", "'title', NULL, "),
    );
    try {
      expectCaught(
        await fc.check(keyedAnswerAsBefore, { numRuns: Math.ceil(RUNS / 2), endOnFailure: true }),
      );
    } finally {
      await installFunction(SQL_OF.batch);
    }
  }, 600_000);
});

/** What a call wrote for its order number: the deduction, allocations and transfers, ids aside. */
async function rowsWritten(tx: { query: typeof db.database.raw.query }, orderNo: string) {
  return tx.query(
    `SELECT d.order_no, d.enterprise_id, d.credit_code, d.category, d.requested, d.deducted,
            d.payable, d.reversed, d.description, d.settlement_year, d.client_id, d.operator_id,
            d.created_at,
            (SELECT json_agg(json_build_object('tranche', a.tranche_id, 'amount', a.amount,
                                               'reversed', a.reversed) ORDER BY a.tranche_id)
               FROM deduction_allocations a WHERE a.deduction_id = d.id) AS allocations,
            (SELECT json_agg(json_build_object('kind', t.kind, 'source', t.source,
                      'destination', t.destination, 'amount', t.amount,
                      'effective', t.effective_at, 'voucher', t.voucher_id,
                      'tranche', t.tranche_id, 'year', t.settlement_year, 'plan', t.plan_id,
                      'reversal', t.reversal_id, 'memo', t.memo) ORDER BY t.tranche_id)
               FROM ledger_transfers t WHERE t.deduction_id = d.id) AS transfers
       FROM deductions d WHERE d.operator_id = $1 AND d.order_no = $2`,
    [operatorId, orderNo],
  );
}

/**
 * One bill under a key, as the single route (p_one) or a one-bill batch sends it: 0013's
 * function answers it, rolled back to a savepoint; 0017's then answers it from the same state.
 * The answers, the rows written, the stored key and the audit row must be the same, and a second
 * call must replay the answer (a refusal stores nothing, so it is decided afresh instead).
 */
const oneBillAsBefore = fc.asyncProperty(oneBillWorld, fc.boolean(), async (w, one) => {
  const built = await build(w);
  const item = built.items[0] as DeductItem;
  const key = `oracle-${randomUUID()}`;
  const params = (audit: unknown) => [
    'oracle',
    operatorId,
    key,
    'hash',
    NOW.toISOString(),
    NOW.toISOString(),
    one,
    [item.orderNo],
    [item.creditCode],
    [item.category],
    [item.amount],
    ['a description'],
    DEFAULT_PROGRAMME,
    REFUSALS,
    JSON.stringify(audit),
  ];
  const statement = (name: string) =>
    `SELECT ${name}($1, $2, $3, $4, $5::timestamptz, $6, $7, false, $8::text[], $9::text[],
       $10::text[], $11::bigint[], $12::text[], $13, $14::jsonb, $15::jsonb) AS r`;
  await db.database.raw.transaction(async (tx) => {
    await tx.query('SAVEPOINT before_call');
    const beforeAudit = { id: randomUUID(), action: 'open-api.deduct', outcome: 'success' };
    const [before] = await tx.query<{ r: Record<string, unknown> }>(
      statement('yq_deduct_0013'),
      params(beforeAudit),
    );
    const beforeRows = await rowsWritten(tx, item.orderNo);
    const beforeKey = await tx.query(
      'SELECT state, status_code, response FROM idempotency_keys WHERE client_id = $1 AND key = $2',
      ['oracle', key],
    );
    await tx.query('ROLLBACK TO SAVEPOINT before_call');

    const audit = { id: randomUUID(), action: 'open-api.deduct', outcome: 'success' };
    const call = () =>
      tx.query<{ r: Record<string, unknown> }>(statement('yq_deduct'), params(audit));
    const [after] = await call();
    expect(withoutIds(after?.r)).toEqual(withoutIds(before?.r));
    expect(await rowsWritten(tx, item.orderNo)).toEqual(beforeRows);
    const storedKey = await tx.query(
      'SELECT state, status_code, response FROM idempotency_keys WHERE client_id = $1 AND key = $2',
      ['oracle', key],
    );
    expect(withoutIds(storedKey)).toEqual(withoutIds(beforeKey));
    const audited = await tx.query('SELECT 1 FROM audit_log WHERE id = $1', [audit.id]);
    expect(audited).toHaveLength('response' in (after?.r ?? {}) ? 1 : 0);
    if ('response' in (after?.r ?? {})) {
      const response = after?.r.response as { status: number; body: unknown };
      expect(response.status).toBe(one ? 201 : 200);
      const [again] = await call();
      expect(again?.r).toEqual({
        replay: {
          request_hash: 'hash',
          state: 'done',
          status_code: response.status,
          response: response.body,
        },
      });
    }
    await tx.query('ROLLBACK TO SAVEPOINT before_call');
  });
});

describe('yq_deduct’s one-bill fast path (0017)', () => {
  it(`decides ${RUNS} random one-bill worlds exactly as allocateDeduction and the refusal rules do`, async () => {
    await fc.assert(agreesWithTheRules('single', oneBillWorld), { numRuns: RUNS });
  }, 600_000);

  it('answers, writes, stores and audits one bill under a key as 0013 did, and replays it', async () => {
    await fc.assert(oneBillAsBefore, { numRuns: RUNS });
  }, 600_000);

  it('catches a fast path that draws the latest-expiring tranche first', async () => {
    await installFunction(
      variantAll(
        'single',
        'ORDER BY l.expires_at, l.active_from,',
        'ORDER BY l.expires_at DESC, l.active_from,',
      ),
    );
    try {
      expectCaught(
        await fc.check(agreesWithTheRules('single', oneBillWorld), {
          numRuns: RUNS,
          endOnFailure: true,
        }),
      );
    } finally {
      await installFunction(SQL_OF.single);
    }
  }, 600_000);

  it('catches a fast path that ignores the coverage cap', async () => {
    await installFunction(
      variant('single', 'least(10000, min(l.pcap) FILTER (WHERE l.pays))', '10000'),
    );
    try {
      expectCaught(
        await fc.check(agreesWithTheRules('single', oneBillWorld), {
          numRuns: RUNS,
          endOnFailure: true,
        }),
      );
    } finally {
      await installFunction(SQL_OF.single);
    }
  }, 600_000);

  it('catches a fast path that drops the bill’s description', async () => {
    await installFunction(
      variant(
        'single',
        '        p_descriptions[1], v_year, p_client_id',
        '        NULL, v_year, p_client_id',
      ),
    );
    try {
      expectCaught(await fc.check(oneBillAsBefore, { numRuns: RUNS, endOnFailure: true }));
    } finally {
      await installFunction(SQL_OF.single);
    }
  }, 600_000);
});

describe('a keyed call PostgreSQL chose as a deadlock’s victim', () => {
  /**
   * The deadlock itself needs a grant to commit between the fast path's lock and the general
   * path's, with another deduction of the same enterprise waiting in between — too narrow to
   * provoke on demand. What matters is the caller's side: the statement was rolled back whole,
   * so the call is decided again and answered once, with one deduction written.
   */
  it('is decided again and answered once', async () => {
    const built = await build({
      policies: [{ categories: ['compute'], cap: 10_000 }],
      enterprises: [[{ policy: 0, balance: 5_000, activeFrom: -10, expiresAt: 100 }]],
      bills: [{ enterprise: 0, category: 'compute', amount: 1_200, order: 0 }],
    });
    let victims = 1;
    const chosenOnce: RawSql = {
      query: (text, params, options) => {
        if (victims > 0 && text.includes('yq_deduct')) {
          victims--;
          return Promise.reject(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
        }
        return db.database.raw.query(text, params, options);
      },
    };
    const context = { clientId: 'oracle', operatorId, now: NOW, programme: DEFAULT_PROGRAMME };
    const key = { key: `deadlock-${randomUUID()}`, requestHash: 'h' };
    const answer = await deductKeyed(chosenOnce, built.items, () => context, key, true);
    expect(answer).toMatchObject({ kind: 'answer', status: 201, body: { deducted: 1_200 } });
    const [written] = await db.database.raw.query<{ n: string }>(
      'SELECT count(*) AS n FROM deductions WHERE order_no = $1',
      [built.items[0]?.orderNo],
    );
    expect(Number(written?.n)).toBe(1);
  });
});

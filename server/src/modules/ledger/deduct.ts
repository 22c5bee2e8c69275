/**
 * Deductions, set-based: one bill or a thousand take the same few statements —
 * lock the tranches of every enterprise in the batch, decide every item in memory with the
 * pure allocation rule, then write all deductions, tranche balances, allocations and
 * transfers in one statement. Items are independent: a refused item records nothing and
 * does not affect the others; the balances each item sees include the items before it.
 */
import { randomUUID } from 'node:crypto';
import type { RawSql } from '../../db/client.js';
import { allocateDeduction } from '../../domain/allocation.js';
import { localYear } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { FoldedKey, Outcome, SqlPart } from '../open-api/idempotency.js';
import type { PoliciesService } from '../policies/policies.service.js';

export interface DeductItem {
  orderNo: string;
  creditCode: string;
  category: string;
  amount: number;
  description?: string | null;
}

export interface DeductContext {
  clientId: string;
  operatorId: string;
  now: Date;
  policies: PoliciesService;
  /** Look up order numbers already used before writing (batches); singles rely on the index. */
  precheckOrders: boolean;
}

export interface DeductionResult {
  deductionId: string;
  orderNo: string;
  requested: number;
  deducted: number;
  payable: number;
  allocations: Array<{ trancheId: string; amount: number }>;
  availableAfter: number;
  createdAt: string;
}

export type DeductOutcome = { ok: true; result: DeductionResult } | { ok: false; error: AppError };

interface LockedTranche {
  id: string;
  voucher_id: string;
  enterprise_id: string;
  credit_code: string;
  policy_id: string;
  balance: string | number;
  active_from: Date;
  expires_at: Date;
}

interface Decided {
  result: DeductionResult;
  item: DeductItem;
  enterpriseId: string;
  settlementYear: number;
  voucherOf: Map<string, string>;
}

/** A concurrent request took an order number between our check and our insert: retry. */
export class OrderNumberRaceError extends Error {}

/** An idempotency key carried by the deduction's own statements (idempotency.ts, D13). */
export interface FoldedIdempotency {
  key: FoldedKey;
  /** The response to store with the key; throwing refuses the whole call (rollback). */
  respond(outcomes: DeductOutcome[]): Outcome;
}

/**
 * Every tranche that could be drawn now, locked in id order (a fixed order: concurrent
 * deductions of one enterprise queue instead of deadlocking), and re-read after the wait.
 * `gate` is a condition ANDed in front (the folded key's "claimed").
 */
const lockTranches = (gate: string) =>
  `SELECT t.id, t.voucher_id, v.enterprise_id, t.credit_code, v.policy_id, t.balance,
          t.active_from, t.expires_at
     FROM voucher_tranches t JOIN vouchers v ON v.id = t.voucher_id
    WHERE ${gate} t.credit_code = ANY($1::text[]) AND t.active_from <= $2
      AND t.expires_at > $2 AND t.balance > 0
    ORDER BY t.id
      FOR UPDATE OF t`;
const LOCK_TRANCHES = lockTranches('');

export async function deductMany(
  tx: RawSql,
  items: DeductItem[],
  ctx: DeductContext,
): Promise<DeductOutcome[]> {
  const done = await deductWith(tx, items, ctx, undefined);
  if (!done) throw new Error('unreachable: without a key there is nothing to claim');
  return done.outcomes;
}

/**
 * deductMany with the idempotency key folded in: the key insert travels in the tranche-lock
 * statement (it runs first; the lock runs only when this request claimed the key), the
 * stored response in the write statement. Null when a twin holds the key.
 */
export async function deductFolded(
  tx: RawSql,
  items: DeductItem[],
  ctx: DeductContext,
  fold: FoldedIdempotency,
): Promise<Outcome | null> {
  const done = await deductWith(tx, items, ctx, fold);
  return done ? (done.response ?? null) : null;
}

async function deductWith(
  tx: RawSql,
  items: DeductItem[],
  ctx: DeductContext,
  fold: FoldedIdempotency | undefined,
): Promise<{ outcomes: DeductOutcome[]; response?: Outcome } | null> {
  const creditCodes = [...new Set(items.map((i) => i.creditCode))];
  // A single bill's statements are prepared (parsed and planned once per connection); a
  // batch's are planned for its arrays each time.
  const prepare = items.length === 1;
  let locked: LockedTranche[];
  if (fold) {
    // The key insert first (a twin waits here until the first commits), then the lock,
    // only if this request claimed the key: one round trip.
    const claim = fold.key.claim(3);
    const rows = await tx.query<LockedTranche & { claimed: number }>(
      `WITH ${claim.sql}
       SELECT c.claimed, l.*
         FROM (SELECT count(*)::int AS claimed FROM idem_claim) c
         LEFT JOIN LATERAL (${lockTranches('c.claimed = 1 AND')}) l ON true`,
      [creditCodes, ctx.now, ...claim.params],
      { prepare },
    );
    if (rows[0]?.claimed !== 1) return null;
    locked = rows.filter((row) => row.id !== null);
  } else {
    locked = await tx.query<LockedTranche>(LOCK_TRANCHES, [creditCodes, ctx.now]);
  }
  const tranchesOf = new Map<string, LockedTranche[]>();
  for (const tranche of locked) {
    const list = tranchesOf.get(tranche.credit_code) ?? [];
    list.push(tranche);
    tranchesOf.set(tranche.credit_code, list);
  }
  const balances = new Map(locked.map((t) => [t.id, Number(t.balance)]));

  const usedOrders = new Set<string>();
  if (ctx.precheckOrders) {
    const rows = await tx.query<{ order_no: string }>(
      'SELECT order_no FROM deductions WHERE operator_id = $1 AND order_no = ANY($2::text[])',
      [ctx.operatorId, items.map((i) => i.orderNo)],
    );
    for (const row of rows) usedOrders.add(row.order_no);
  }
  const withoutTranches = creditCodes.filter((code) => !tranchesOf.has(code));
  const knownEnterprises = await enterprisesAmong(tx, withoutTranches);
  const inForce =
    withoutTranches.length > 0 ? await ctx.policies.inForce(undefined, tx) : undefined;

  const outcomes: DeductOutcome[] = [];
  const decided: Decided[] = [];
  // ctx.now is one instant for the whole call: its local year once per time zone, not per
  // bill (Intl formatting, ~7 µs a call, was a tenth of a 1,000-bill batch's JavaScript).
  const years = new Map<string, number>();
  const settlementYearIn = (timeZone: string) => {
    let year = years.get(timeZone);
    if (year === undefined) {
      year = localYear(ctx.now, timeZone);
      years.set(timeZone, year);
    }
    return year;
  };
  for (const item of items) {
    try {
      if (usedOrders.has(item.orderNo)) {
        throw new AppError('DUPLICATE_ORDER', `订单 ${item.orderNo} 已核销`);
      }
      const own = tranchesOf.get(item.creditCode);
      if (!own) {
        if (!knownEnterprises.has(item.creditCode)) {
          throw new AppError(
            'ENTERPRISE_NOT_FOUND',
            `没有统一社会信用代码为 ${item.creditCode} 的企业`,
          );
        }
        const categories = inForce?.document.eligibleCategories ?? [];
        if (!categories.includes(item.category))
          throw categoryNotEligible(item.category, categories);
        throw noBalance(item);
      }
      const one = await decide(tx, item, own, balances, ctx, settlementYearIn);
      usedOrders.add(item.orderNo);
      decided.push(one);
      outcomes.push({ ok: true, result: one.result });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  if (!ctx.precheckOrders) await preferDuplicateOrder(tx, items, outcomes, ctx.operatorId);
  const response = fold?.respond(outcomes);
  const store = response && fold?.key.store(response, WRITE_PARAMS + 1);
  if (decided.length > 0) await writeDeductions(tx, decided, ctx, { store, prepare });
  else if (store) await tx.query(`WITH ${store.sql} SELECT 1`, store.params);
  return { outcomes, response };
}

/**
 * A reused order number is reported as such whatever else is wrong with the bill: the
 * operator must learn the bill was already processed. Without the pre-check (single bills,
 * the hot path) this is looked up only for refused items, so success costs no extra query.
 */
async function preferDuplicateOrder(
  tx: RawSql,
  items: DeductItem[],
  outcomes: DeductOutcome[],
  operatorId: string,
): Promise<void> {
  const refused = items.filter((_, i) => outcomes[i]?.ok === false).map((item) => item.orderNo);
  if (refused.length === 0) return;
  const rows = await tx.query<{ order_no: string }>(
    'SELECT order_no FROM deductions WHERE operator_id = $1 AND order_no = ANY($2::text[])',
    [operatorId, refused],
  );
  const used = new Set(rows.map((r) => r.order_no));
  items.forEach((item, i) => {
    if (outcomes[i]?.ok === false && used.has(item.orderNo)) {
      outcomes[i] = {
        ok: false,
        error: new AppError('DUPLICATE_ORDER', `订单 ${item.orderNo} 已核销`),
      };
    }
  });
}

/** Decides one item against the balances as the items before it left them. */
async function decide(
  tx: RawSql,
  item: DeductItem,
  own: LockedTranche[],
  balances: Map<string, number>,
  ctx: DeductContext,
  settlementYearIn: (timeZone: string) => number,
): Promise<Decided> {
  // Each voucher follows the policy it was granted under: a tranche pays only for the
  // categories its policy allows, and the bill's cap is the strictest among them.
  const eligible: LockedTranche[] = [];
  const categoriesSeen = new Set<string>();
  let capBasisPoints = 10_000;
  let timeZone = 'Asia/Shanghai';
  for (const tranche of own) {
    const { document } = await ctx.policies.byIdOrThrow(tranche.policy_id, tx);
    for (const category of document.eligibleCategories) categoriesSeen.add(category);
    if (!document.eligibleCategories.includes(item.category)) continue;
    if (eligible.length === 0) timeZone = document.timeZone;
    eligible.push(tranche);
    capBasisPoints = Math.min(capBasisPoints, document.coverageCapBasisPoints);
  }
  if (eligible.length === 0) throw categoryNotEligible(item.category, [...categoriesSeen]);
  const allocation = allocateDeduction({
    billAmount: item.amount,
    tranches: eligible.map((t) => ({
      trancheId: t.id,
      balance: balances.get(t.id) ?? 0,
      activeFrom: new Date(t.active_from),
      expiresAt: new Date(t.expires_at),
    })),
    now: ctx.now,
    coverageCapBasisPoints: capBasisPoints,
  });
  if (allocation.deductible === 0) throw noBalance(item);
  for (const { trancheId, amount } of allocation.allocations) {
    balances.set(trancheId, (balances.get(trancheId) ?? 0) - amount);
  }
  const availableAfter = eligible.reduce((sum, t) => sum + (balances.get(t.id) ?? 0), 0);
  const first = eligible[0] as LockedTranche;
  return {
    item,
    enterpriseId: first.enterprise_id,
    settlementYear: settlementYearIn(timeZone),
    voucherOf: new Map(eligible.map((t) => [t.id, t.voucher_id])),
    result: {
      deductionId: randomUUID(),
      orderNo: item.orderNo,
      requested: item.amount,
      deducted: allocation.deductible,
      payable: allocation.payable,
      allocations: allocation.allocations,
      availableAfter,
      createdAt: ctx.now.toISOString(),
    },
  };
}

async function enterprisesAmong(tx: RawSql, creditCodes: string[]): Promise<Set<string>> {
  if (creditCodes.length === 0) return new Set();
  const rows = await tx.query<{ credit_code: string }>(
    `SELECT credit_code FROM organisations WHERE kind = 'enterprise' AND credit_code = ANY($1::text[])`,
    [creditCodes],
  );
  return new Set(rows.map((r) => r.credit_code));
}

/** Parameters of the write statement before the folded key's. */
const WRITE_PARAMS = 18;

/**
 * All decided deductions in one statement: deductions, balances, allocations, transfers,
 * and (folded) the idempotency key's stored response.
 */
async function writeDeductions(
  tx: RawSql,
  decided: Decided[],
  ctx: DeductContext,
  options: { store: SqlPart | undefined; prepare: boolean },
): Promise<void> {
  const d = {
    id: [] as string[],
    orderNo: [] as string[],
    enterpriseId: [] as string[],
    creditCode: [] as string[],
    category: [] as string[],
    requested: [] as number[],
    deducted: [] as number[],
    payable: [] as number[],
    description: [] as (string | null)[],
    year: [] as number[],
  };
  const a = {
    deductionId: [] as string[],
    trancheId: [] as string[],
    voucherId: [] as string[],
    amount: [] as number[],
    year: [] as number[],
  };
  for (const { result, item, enterpriseId, settlementYear, voucherOf } of decided) {
    d.id.push(result.deductionId);
    d.orderNo.push(item.orderNo);
    d.enterpriseId.push(enterpriseId);
    d.creditCode.push(item.creditCode);
    d.category.push(item.category);
    d.requested.push(result.requested);
    d.deducted.push(result.deducted);
    d.payable.push(result.payable);
    d.description.push(item.description ?? null);
    d.year.push(settlementYear);
    for (const allocation of result.allocations) {
      a.deductionId.push(result.deductionId);
      a.trancheId.push(allocation.trancheId);
      a.voucherId.push(voucherOf.get(allocation.trancheId) ?? '');
      a.amount.push(allocation.amount);
      a.year.push(settlementYear);
    }
  }
  try {
    await tx.query(
      `WITH new_deductions AS (
         INSERT INTO deductions (id, order_no, enterprise_id, credit_code, category, requested,
           deducted, payable, description, settlement_year, client_id, operator_id, created_at)
         SELECT d.*, $11, $12, $13::timestamptz
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                       $7::bigint[], $8::bigint[], $9::text[], $10::int[]) AS d
       ),
       alloc AS (
         SELECT * FROM unnest($14::text[], $15::text[], $16::text[], $17::bigint[], $18::int[])
           AS a(deduction_id, tranche_id, voucher_id, amount, settlement_year)
       ),
       per_tranche AS (SELECT tranche_id, sum(amount) AS amount FROM alloc GROUP BY tranche_id),
       moved AS (
         UPDATE voucher_tranches t SET balance = t.balance - p.amount, used = t.used + p.amount
           FROM per_tranche p WHERE t.id = p.tranche_id
       ),
       new_allocations AS (
         INSERT INTO deduction_allocations (deduction_id, tranche_id, amount)
         SELECT deduction_id, tranche_id, amount FROM alloc
       )${
         options.store
           ? `,
       ${options.store.sql}`
           : ''
       }
       INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
         voucher_id, tranche_id, deduction_id, settlement_year)
       SELECT gen_random_uuid()::text, 'deduct', 'tranche:' || tranche_id,
              'redeemed:' || settlement_year, amount, $13::timestamptz, voucher_id, tranche_id,
              deduction_id, settlement_year
         FROM alloc`,
      [
        d.id,
        d.orderNo,
        d.enterpriseId,
        d.creditCode,
        d.category,
        d.requested,
        d.deducted,
        d.payable,
        d.description,
        d.year,
        ctx.clientId,
        ctx.operatorId,
        ctx.now.toISOString(),
        a.deductionId,
        a.trancheId,
        a.voucherId,
        a.amount,
        a.year,
        ...(options.store?.params ?? []),
      ],
      { prepare: options.prepare },
    );
  } catch (error) {
    if (isUniqueViolation(error, 'deductions_operator_order_uq')) {
      if (!ctx.precheckOrders && decided.length === 1) {
        throw new AppError('DUPLICATE_ORDER', `订单 ${decided[0]?.item.orderNo} 已核销`);
      }
      throw new OrderNumberRaceError('an order number was taken concurrently');
    }
    throw error;
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

function noBalance(item: DeductItem): AppError {
  return new AppError('NO_AVAILABLE_BALANCE', '该企业没有可用的资源券余额', {
    requested: item.amount,
  });
}

export function categoryNotEligible(category: string, eligible: readonly string[]): AppError {
  return new AppError(
    'CATEGORY_NOT_ELIGIBLE',
    `服务类别 ${category} 不可使用资源券；可用类别：${eligible.join('、')}`,
    { eligibleCategories: eligible },
  );
}

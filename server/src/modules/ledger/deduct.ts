/**
 * Deductions in one database call (D-ledger-fn-1). One bill or a thousand, with or without
 * an idempotency key, the whole decision runs inside PostgreSQL (or PGlite) as one call of
 * `yq_deduct` (migration 0013_deduct_function.sql): claim the key, lock the tranches of every
 * enterprise in the call in id order, decide every bill against the balances the bills before
 * it left (expiring first, under the strictest coverage cap of the vouchers that pay), write
 * deductions, balances, allocations and transfers set-based, and store the answer with the
 * key. Sent on its own (autocommit) it is one round trip and one transaction. Since migration
 * 0017 (D-ledger-fn-3) the function pays a bill sent alone (no pre-check) by a fast path of small
 * statements first; the call, its arguments and its answers are the same.
 *
 * The rules themselves are the pure ones in domain/allocation.ts; the tests in
 * server/test/ledger hold the function to them (and show a wrong variant is caught).
 */
import type { RawSql } from '../../db/client.js';
import { AppError, ERROR_CODES } from '../../errors.js';
import { auditRecordForSql, auditWrittenBySql } from '../audit/audit.scope.js';
import type { StoredKey } from './idempotency.js';

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
  /** The programme whose policy in force words the refusal of a bill without tranches. */
  programme: string;
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

/** The Idempotency-Key of a request and the hash of what it asked (idempotency.ts). */
export interface RequestKey {
  key: string;
  requestHash: string;
}

/** What a keyed call answers: its own answer (also stored with the key), or a twin's. */
export type KeyedAnswer =
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'replay'; stored: StoredKey | undefined };

/** A concurrent request took an order number between the batch's check and its insert: retry. */
export class OrderNumberRaceError extends Error {}

/** The refusals a deduction can end in. Their wording lives here, with the error codes. */
const REFUSAL_DETAIL = {
  DUPLICATE_ORDER: '订单 %s 已核销',
  ENTERPRISE_NOT_FOUND: '没有统一社会信用代码为 %s 的企业',
  CATEGORY_NOT_ELIGIBLE: '服务类别 %s 不可使用资源券；可用类别：%s',
  NO_AVAILABLE_BALANCE: '该企业没有可用的资源券余额',
} as const;
type RefusalCode = keyof typeof REFUSAL_DETAIL;

/**
 * Per refusal code: the status and title of the problem (for a batch's stored answer) and
 * the detail as a `format()` template. The same text for every call, so it is sent as one
 * constant parameter. Exported for the bench's pgbench script (E6).
 */
export const REFUSALS = JSON.stringify(
  Object.fromEntries(
    Object.entries(REFUSAL_DETAIL).map(([code, detail]) => {
      const { status, title } = ERROR_CODES[code as RefusalCode];
      return [code, { status, title, detail }];
    }),
  ),
);

/** The one statement. Its text never changes, so it is prepared once per connection. */
const DEDUCT_SQL = `SELECT yq_deduct($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9::text[],
  $10::text[], $11::text[], $12::bigint[], $13::text[], $14, $15::jsonb, $16::jsonb) AS r`;

/**
 * A batch of two bills or more (D-ledger-fn-2, migration 0016): `yq_deduct_batch`, the same
 * decision with the order numbers looked up in the unique index and each bill's answer built
 * once. A one-bill batch stays on `yq_deduct`, exactly as before.
 */
const DEDUCT_BATCH_SQL = `SELECT yq_deduct_batch($1, $2, $3, $4, $5::timestamptz, $6, $7::text[],
  $8::text[], $9::text[], $10::bigint[], $11::text[], $12, $13::jsonb, $14::jsonb) AS r`;

/** Which function decides: `auto` = the batch function for two bills or more. */
export type DeductFunction = 'auto' | 'single' | 'batch';

/** SQLSTATEs raised by yq_deduct. */
const ORDER_NUMBER_RACE = 'YQ001';
/** yq_deduct_batch's plain insert meeting an order number a concurrent call took. */
const ORDER_NUMBER_INDEX = 'deductions_operator_order_uq';
const NO_POLICY_IN_FORCE = 'YQ002';
/**
 * PostgreSQL chose the call as a deadlock's victim. Possible, rarely: when 0017's fast path
 * cannot pay a bill, the general path locks the enterprise's drawable tranches again, and a
 * tranche granted in between may be held by another deduction waiting for one this call holds.
 * The call is one statement of its own, so all of it was rolled back: decided again.
 */
const DEADLOCK_DETECTED = '40P01';
const ATTEMPTS = 3;

type RawOutcome =
  | { ok: true; result: DeductionResult }
  | { ok: false; code: RefusalCode; detail: string; eligible?: string[] };

type CallResult =
  | { replay: StoredKey | null }
  | { response: { status: number; body: unknown } }
  | { refused: RawOutcome & { ok: false } }
  | { outcomes: RawOutcome[] };

async function callDeduct(
  sql: RawSql,
  items: DeductItem[],
  ctx: DeductContext,
  options: {
    key: RequestKey | undefined;
    one: boolean;
    audit?: Record<string, unknown> | null;
    fn?: DeductFunction;
  },
): Promise<CallResult> {
  const fn = options.fn ?? 'auto';
  const batch = fn === 'batch' || (fn === 'auto' && !options.one && items.length > 1);
  try {
    if (batch) {
      const [row] = await sql.query<{ r: CallResult }>(
        DEDUCT_BATCH_SQL,
        [
          ctx.clientId,
          ctx.operatorId,
          options.key?.key ?? null,
          options.key?.requestHash ?? null,
          ctx.now.toISOString(),
          ctx.now.toISOString(),
          items.map((i) => i.orderNo),
          items.map((i) => i.creditCode),
          items.map((i) => i.category),
          items.map((i) => i.amount),
          items.map((i) => i.description ?? null),
          ctx.programme,
          REFUSALS,
          options.audit ?? null,
        ],
        { prepare: true },
      );
      if (!row) throw new Error('yq_deduct_batch returned no row');
      return row.r;
    }
    const [row] = await sql.query<{ r: CallResult }>(
      DEDUCT_SQL,
      [
        ctx.clientId,
        ctx.operatorId,
        options.key?.key ?? null,
        options.key?.requestHash ?? null,
        ctx.now.toISOString(),
        ctx.now.toISOString(),
        options.one,
        // Batches look their order numbers up first; a single bill relies on the index.
        items.length > 1,
        items.map((i) => i.orderNo),
        items.map((i) => i.creditCode),
        items.map((i) => i.category),
        items.map((i) => i.amount),
        items.map((i) => i.description ?? null),
        ctx.programme,
        REFUSALS,
        options.audit ?? null,
      ],
      { prepare: true },
    );
    if (!row) throw new Error('yq_deduct returned no row');
    return row.r;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === ORDER_NUMBER_RACE || (batch && isUniqueViolation(error, ORDER_NUMBER_INDEX))) {
      throw new OrderNumberRaceError('an order number was taken concurrently');
    }
    if (code === NO_POLICY_IN_FORCE) {
      throw new AppError('POLICY_INVALID', `no policy in force for ${ctx.programme}`);
    }
    throw error;
  }
}

/** The refusal as the rest of the platform knows it: an AppError with its extensions. */
function refusalError(outcome: RawOutcome & { ok: false }, item: DeductItem | undefined) {
  switch (outcome.code) {
    case 'CATEGORY_NOT_ELIGIBLE':
      return new AppError(outcome.code, outcome.detail, {
        eligibleCategories: outcome.eligible ?? [],
      });
    case 'NO_AVAILABLE_BALANCE':
      return new AppError(outcome.code, outcome.detail, { requested: item?.amount });
    default:
      return new AppError(outcome.code, outcome.detail);
  }
}

/**
 * Deducts bills inside the caller's transaction, without an idempotency key: one outcome
 * per bill; a refused bill records nothing and does not affect the others. A single bill
 * whose order number turns out to be taken at the insert throws DUPLICATE_ORDER.
 */
export async function deductMany(
  tx: RawSql,
  items: DeductItem[],
  ctx: DeductContext,
  /** Which database function decides (tests hold each to the rules); by default, by size. */
  fn: DeductFunction = 'auto',
): Promise<DeductOutcome[]> {
  const done = await callDeduct(tx, items, ctx, { key: undefined, one: false, fn });
  if ('refused' in done) throw refusalError(done.refused, items[0]);
  if (!('outcomes' in done)) throw new Error('yq_deduct: unexpected answer without a key');
  return done.outcomes.map((outcome, index) =>
    outcome.ok ? outcome : { ok: false, error: refusalError(outcome, items[index]) },
  );
}

/**
 * Deducts under an idempotency key in one statement of its own (one round trip, one
 * transaction). `one`: the single-bill route, where a refusal refuses the call (thrown as
 * AppError, nothing stored with the key); otherwise a batch, answered 200 with one result
 * per bill and stored. A twin's stored answer comes back as a replay. A batch that lost an
 * order number to a concurrent call between its check and its insert, and a call chosen as a
 * deadlock's victim, are decided again (the statement was rolled back whole).
 */
export async function deductKeyed(
  db: RawSql,
  items: DeductItem[],
  context: () => DeductContext,
  key: RequestKey,
  one: boolean,
): Promise<KeyedAnswer> {
  for (let attempt = 1; ; attempt++) {
    let done: CallResult;
    // The request's audit row travels with the call and is written by it when a decision
    // commits (D-audit-tx-3): the deduction stays one round trip and is never unaudited.
    const audit = auditRecordForSql(one ? 201 : 200);
    try {
      done = await callDeduct(db, items, context(), { key, one, audit });
    } catch (error) {
      auditWrittenBySql(false);
      const again =
        error instanceof OrderNumberRaceError ||
        (error as { code?: string }).code === DEADLOCK_DETECTED;
      if (again && attempt < ATTEMPTS) continue;
      throw error;
    }
    // A replay or a refusal committed nothing of its own: the request hook records it.
    auditWrittenBySql('response' in done);
    if ('replay' in done) return { kind: 'replay', stored: done.replay ?? undefined };
    if ('refused' in done) throw refusalError(done.refused, items[0]);
    if ('response' in done) return { kind: 'answer', ...done.response };
    throw new Error('yq_deduct: unexpected answer under a key');
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return false;
  if (!constraint) return true;
  return e.constraint === constraint || (e.message ?? '').includes(constraint);
}

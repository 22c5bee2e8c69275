/**
 * The deduction routes' work without HTTP: the real idempotency wrapper and LedgerService
 * called with a minimal request and reply, so a change to the real code is measured here
 * too. No signature check, JSON parsing, validation, serialisation or audit row: the
 * difference to the HTTP figure is what those cost.
 *
 * `loadRouteCode(root)` loads that code from a checkout: this one, or (`--baseline <dir>`)
 * another commit's `server/` tree, so before and after run in the same process, on the same
 * database, minutes apart. A tree with `LedgerService.deductKeyed` (D-ledger-fn-1: one
 * database call) runs the routes as they are now; a tree with `runIdempotentFolded` (D14) or
 * an older one runs `runIdempotent` + `deduct` / `deductMany` as they were then.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROOT } from '../../e2e/support/server.js';
import type { Database, RawSql } from '../../server/src/db/client.js';
import { type Clock, systemClock } from '../../server/src/domain/clock.js';
import type {
  DeductItem,
  DeductOutcome,
  KeyedAnswer,
  RequestKey,
} from '../../server/src/modules/ledger/deduct.js';
import type { FoldedKey, Outcome } from '../../server/src/modules/ledger/idempotency.js';

export interface Caller {
  clientId: string;
  operatorId: string;
}

/** What the bench needs of a LedgerService, old or new. */
interface Ledger {
  deduct(tx: RawSql, item: DeductItem, caller: Caller): Promise<unknown>;
  deductMany(tx: RawSql, items: DeductItem[], caller: Caller): Promise<DeductOutcome[]>;
  deductOneIdempotently?(
    tx: RawSql,
    item: DeductItem,
    caller: Caller,
    key: FoldedKey,
  ): Promise<Outcome | null>;
  deductIdempotently?(
    tx: RawSql,
    items: DeductItem[],
    caller: Caller,
    fold: { key: FoldedKey; respond(outcomes: DeductOutcome[]): Outcome },
  ): Promise<Outcome | null>;
  deductKeyed?(
    items: DeductItem[],
    caller: Caller,
    key: RequestKey,
    options: { one: boolean },
  ): Promise<KeyedAnswer>;
}

type Deps = { database: Database; clock: Clock };
type Run<W> = (
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  clientId: string,
  work: W,
) => Promise<FastifyReply>;

export interface RouteCode {
  /** `current` or the baseline folder. */
  name: string;
  ledgerFor(database: Database): Ledger;
  deduct(
    database: Database,
    ledger: Ledger,
    caller: Caller,
    key: string,
    item: DeductItem,
  ): Promise<number>;
  batch(
    database: Database,
    ledger: Ledger,
    caller: Caller,
    key: string,
    items: DeductItem[],
  ): Promise<{ status: number; refused: number }>;
}

export async function loadRouteCode(root: string = ROOT): Promise<RouteCode> {
  const load = (file: string) => import(pathToFileURL(path.join(root, 'server/src', file)).href);
  // In the ledger since D-cycles-1; an older baseline has it in the open API.
  const idempotency = await load(
    fs.existsSync(path.join(root, 'server/src/modules/ledger/idempotency.ts'))
      ? 'modules/ledger/idempotency.ts'
      : 'modules/open-api/idempotency.ts',
  );
  const { LedgerService } = await load('modules/ledger/ledger.service.ts');
  const { PoliciesService } = await load('modules/policies/policies.service.ts');
  // Since D-ownership-2 a LedgerService is given the plans' budget to draw grants on; the
  // bench only deducts, but the service is built as the server builds it.
  const planBudget = fs.existsSync(path.join(root, 'server/src/modules/plans/plan-budget.ts'))
    ? (await load('modules/plans/plan-budget.ts')).planBudget
    : undefined;
  const runIdempotent = idempotency.runIdempotent as Run<(tx: RawSql) => Promise<Outcome>>;
  const runFolded = idempotency.runIdempotentFolded as
    | Run<(tx: RawSql, key: FoldedKey) => Promise<Outcome | null>>
    | undefined;
  const requestKeyOf = idempotency.requestKeyOf as
    | ((request: FastifyRequest) => RequestKey)
    | undefined;
  const answerKeyed = idempotency.answerKeyed as
    | ((reply: FastifyReply, answer: KeyedAnswer, requestHash: string) => FastifyReply)
    | undefined;
  return {
    name: root === ROOT ? 'current' : path.basename(root),
    ledgerFor: (database) =>
      new LedgerService(
        database,
        systemClock,
        new PoliciesService(database, systemClock),
        planBudget,
      ),
    async deduct(database, ledger, caller, key, item) {
      const { request, reply, status } = fake('/api/open/v1/deductions', key, item);
      const deps = { database, clock: systemClock };
      if (requestKeyOf && answerKeyed && ledger.deductKeyed) {
        const key = requestKeyOf(request);
        const answer = await ledger.deductKeyed([item], caller, key, { one: true });
        answerKeyed(reply, answer, key.requestHash);
      } else if (runFolded && ledger.deductOneIdempotently) {
        const one = ledger.deductOneIdempotently.bind(ledger);
        await runFolded(deps, request, reply, caller.clientId, (tx, k) => one(tx, item, caller, k));
      } else {
        await runIdempotent(deps, request, reply, caller.clientId, async (tx) => ({
          status: 201,
          body: await ledger.deduct(tx, item, caller),
        }));
      }
      return status();
    },
    async batch(database, ledger, caller, key, items) {
      const { request, reply, status } = fake('/api/open/v1/deductions/batch', key, { items });
      const deps = { database, clock: systemClock };
      let refused = 0;
      const respond = (outcomes: DeductOutcome[]): Outcome => {
        const results = outcomes.map((outcome, index) => {
          const orderNo = items[index]?.orderNo ?? '';
          if (outcome.ok) return { orderNo, ok: true as const, result: outcome.result };
          refused += 1;
          const { code, detail } = outcome.error;
          return { orderNo, ok: false as const, error: { code, detail } };
        });
        return { status: 200, body: { results } };
      };
      if (requestKeyOf && answerKeyed && ledger.deductKeyed) {
        const key = requestKeyOf(request);
        const answer = await ledger.deductKeyed(items, caller, key, { one: false });
        if (answer.kind === 'answer') {
          const { results } = answer.body as { results: Array<{ ok: boolean }> };
          refused += results.filter((r) => !r.ok).length;
        }
        answerKeyed(reply, answer, key.requestHash);
      } else if (runFolded && ledger.deductIdempotently) {
        const many = ledger.deductIdempotently.bind(ledger);
        await runFolded(deps, request, reply, caller.clientId, (tx, k) =>
          many(tx, items, caller, { key: k, respond }),
        );
      } else {
        await runIdempotent(deps, request, reply, caller.clientId, async (tx) =>
          respond(await ledger.deductMany(tx, items, caller)),
        );
      }
      return { status: status(), refused };
    },
  };
}

/** A request and reply with just what the idempotency wrapper touches. */
function fake(url: string, key: string, body: unknown) {
  let status = 0;
  const request = {
    method: 'POST',
    url,
    headers: { 'idempotency-key': key },
    rawBody: Buffer.from(JSON.stringify(body)),
    body,
    audit: {},
  } as unknown as FastifyRequest;
  const reply = {
    request,
    code(code: number) {
      status = code;
      return reply;
    },
    header() {
      return reply;
    },
    send() {
      return reply;
    },
  } as unknown as FastifyReply;
  return { request, reply, status: () => status };
}

export async function callerFor(database: Database, keyId: string): Promise<Caller> {
  const [row] = await database.raw.query<{ id: string; operator_id: string }>(
    'SELECT id, operator_id FROM api_clients WHERE key_id = $1',
    [keyId],
  );
  if (!row) throw new Error(`no API client ${keyId}`);
  return { clientId: row.id, operatorId: row.operator_id };
}

/**
 * The deduction route's work without HTTP: the real runIdempotent (idempotency-key insert,
 * LedgerService.deduct, key update, in one transaction) called with a minimal request and
 * reply, so a change to the real code is measured here too. No signature check, JSON
 * parsing, validation, serialisation or audit row: the difference to the HTTP figure is
 * what those cost.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../server/src/db/client.js';
import type { Clock } from '../../server/src/domain/clock.js';
import type { DeductItem, LedgerService } from '../../server/src/modules/ledger/ledger.service.js';
import { runIdempotent } from '../../server/src/modules/open-api/idempotency.js';

export interface Caller {
  clientId: string;
  operatorId: string;
}

export async function callerFor(database: Database, keyId: string): Promise<Caller> {
  const [row] = await database.raw.query<{ id: string; operator_id: string }>(
    'SELECT id, operator_id FROM api_clients WHERE key_id = $1',
    [keyId],
  );
  if (!row) throw new Error(`no API client ${keyId}`);
  return { clientId: row.id, operatorId: row.operator_id };
}

/** One deduction as the route runs it; resolves with the status it would answer. */
export async function deductAsTheRouteDoes(
  deps: { database: Database; clock: Clock; ledger: LedgerService },
  caller: Caller,
  idempotencyKey: string,
  item: DeductItem,
): Promise<number> {
  const rawBody = Buffer.from(JSON.stringify(item));
  let status = 0;
  const request = {
    method: 'POST',
    url: '/api/open/v1/deductions',
    headers: { 'idempotency-key': idempotencyKey },
    rawBody,
    body: item,
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
  await runIdempotent(deps, request, reply, caller.clientId, async (tx) => ({
    status: 201,
    body: await deps.ledger.deduct(tx, item, caller),
  }));
  return status;
}

/** A batch as the batch route runs it (outcomes mapped to results and stored with the key). */
export async function batchAsTheRouteDoes(
  deps: { database: Database; clock: Clock; ledger: LedgerService },
  caller: Caller,
  idempotencyKey: string,
  items: DeductItem[],
): Promise<{ status: number; refused: number }> {
  const body = { items };
  let status = 0;
  let refused = 0;
  const request = {
    method: 'POST',
    url: '/api/open/v1/deductions/batch',
    headers: { 'idempotency-key': idempotencyKey },
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
  await runIdempotent(deps, request, reply, caller.clientId, async (tx) => {
    const outcomes = await deps.ledger.deductMany(tx, items, caller);
    const results = outcomes.map((outcome, index) => {
      const orderNo = items[index]?.orderNo ?? '';
      if (outcome.ok) return { orderNo, ok: true as const, result: outcome.result };
      refused += 1;
      const { code, detail } = outcome.error;
      return { orderNo, ok: false as const, error: { code, detail } };
    });
    return { status: 200, body: { results } };
  });
  return { status, refused };
}

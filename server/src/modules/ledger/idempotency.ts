/**
 * Exactly-once POSTs (open-api.md). The key row is inserted first, inside the same
 * transaction as the work: a concurrent twin blocks on the primary key until the first
 * commits, then finds the stored response. A refusal rolls the key back with everything
 * else, so nothing is recorded and a retry is decided afresh. The stored request hash tells
 * a replay (same body: the first response again, `Idempotency-Hit: true`) from a reuse of
 * the key with another body (409 IDEMPOTENCY_KEY_REUSED).
 *
 * Two ways to run work under a key (D13):
 * - `runIdempotent`: the key insert and the key update are statements of their own around
 *   the work (reversals, anything not on the hot path);
 * - `runIdempotentFolded`: the work carries the key's two statements as CTEs in its own
 *   first and last statements (`FoldedKey`), saving two round trips. The insert must still be
 *   the first thing the work's first statement does.
 * Deductions go further (D-ledger-fn-1): the database function `yq_deduct` claims the key,
 * does the work and stores the answer in one call; `requestKeyOf` and `answerKeyed` are the
 * two ends of that here.
 *
 * It lives in the ledger, which owns `idempotency_keys` (D-cycles-1): every keyed POST is a
 * ledger write (deduct, reverse), from the open API and the clerk's 核销 page alike, and
 * `yq_deduct` writes the table itself. The open API calls it; the ledger never calls the open API.
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import { sha256Hex } from '../../lib/sha256.js';
import { noteAudit } from '../audit/audit.scope.js';
import { type KeyedAnswer, OrderNumberRaceError, type RequestKey } from './deduct.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
const ATTEMPTS = 3;
/** Keys are kept at least 30 days (open-api.md); 35 leaves a margin. */
const KEPT_DAYS = 35;

export interface Outcome {
  status: number;
  body: unknown;
}

/** A piece of SQL and its parameters, numbered from the `first` it was built for. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * The idempotency key's statements as CTEs, for work that folds them into its own.
 * - `claim(first)`: `idem_claim AS (INSERT … ON CONFLICT DO NOTHING RETURNING 1)`; one row
 *   when this request claimed the key, none when a twin holds it (the insert waited for the
 *   twin to commit). The statement must read `idem_claim` before anything else and do
 *   nothing else when it is empty.
 * - `store(outcome, first)`: `idem_store AS (UPDATE … SET state = 'done', …)`, the response
 *   stored with the work's last write.
 */
export interface FoldedKey {
  claim(first: number): SqlPart;
  store(outcome: Outcome, first: number): SqlPart;
}

export interface StoredKey {
  request_hash: string;
  state: 'in_progress' | 'done';
  status_code: number | null;
  response: unknown;
}

interface KeyParts {
  clientId: string;
  key: string;
  requestHash: string;
}

function foldedKey(parts: KeyParts, now: Date) {
  let stored = false;
  const folded: FoldedKey = {
    claim: (first) => ({
      sql: `idem_claim AS (
         INSERT INTO idempotency_keys (client_id, key, request_hash, state, created_at)
         VALUES ($${first}, $${first + 1}, $${first + 2}, 'in_progress', $${first + 3})
         ON CONFLICT DO NOTHING RETURNING 1
       )`,
      params: [parts.clientId, parts.key, parts.requestHash, now],
    }),
    store: (outcome, first) => {
      stored = true;
      return {
        sql: `idem_store AS (
           UPDATE idempotency_keys SET state = 'done', status_code = $${first + 2},
                  response = $${first + 3}
            WHERE client_id = $${first} AND key = $${first + 1}
         )`,
        params: [parts.clientId, parts.key, outcome.status, JSON.stringify(outcome.body)],
      };
    },
  };
  return { folded, wasStored: () => stored };
}

export function idempotencyKeyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'headers.idempotency-key: 每个 POST 请求都须带 Idempotency-Key 请求头（1–128 个可见 ASCII 字符）',
      undefined,
      [
        {
          field: 'headers.idempotency-key',
          message: '每个 POST 请求都须带 Idempotency-Key 请求头（1–128 个可见 ASCII 字符）',
        },
      ],
    );
  }
  return key;
}

/** The request's key and the hash of what it asked (method, URL and body bytes). */
export function requestKeyOf(request: FastifyRequest): RequestKey {
  const key = idempotencyKeyOf(request);
  // The raw bytes where the signature covered them (open API), else the parsed body.
  const body = request.rawBody ?? JSON.stringify(request.body ?? null);
  return { key, requestHash: sha256Hex(`${request.method} ${request.url}\n${sha256Hex(body)}`) };
}

/** Sends a keyed call's answer: its own, or the stored answer of the twin that held the key. */
export function answerKeyed(
  reply: FastifyReply,
  answer: KeyedAnswer,
  requestHash: string,
): FastifyReply {
  if (answer.kind === 'answer') return reply.code(answer.status).send(answer.body);
  return replay(reply, answer.stored, requestHash);
}

/** The key insert, then the work, then the key update: each its own statement. */
export function runIdempotent(
  deps: { database: Database; clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  clientId: string,
  work: (tx: RawSql) => Promise<Outcome>,
): Promise<FastifyReply> {
  return runIdempotentFolded(deps, request, reply, clientId, async (tx, key) => {
    const claim = key.claim(1);
    const [claimed] = await tx.query<{ claimed: number }>(
      `WITH ${claim.sql} SELECT count(*)::int AS claimed FROM idem_claim`,
      claim.params,
    );
    if (claimed?.claimed !== 1) return null;
    const outcome = await work(tx);
    const store = key.store(outcome, 1);
    await tx.query(`WITH ${store.sql} SELECT 1`, store.params);
    return outcome;
  });
}

/**
 * Runs `work` in one transaction with the key folded into its statements. `work` returns
 * the outcome it stored with `key.store`, or null when `key.claim` found the key taken by
 * a twin: the stored response is then read (a new statement sees the twin's commit) and
 * replayed.
 */
export async function runIdempotentFolded(
  deps: { database: Database; clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  clientId: string,
  work: (tx: RawSql, key: FoldedKey) => Promise<Outcome | null>,
): Promise<FastifyReply> {
  const { key, requestHash } = requestKeyOf(request);
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await deps.database.raw.transaction(async (tx) => {
        const { folded, wasStored } = foldedKey({ clientId, key, requestHash }, deps.clock.now());
        const result = await work(tx, folded);
        if (result === null) {
          const [stored] = await tx.query<StoredKey>(
            `SELECT request_hash, state, status_code, response FROM idempotency_keys
              WHERE client_id = $1 AND key = $2`,
            [clientId, key],
          );
          return { kind: 'replay' as const, stored };
        }
        // A work that answered without storing its answer would break every replay.
        if (!wasStored()) throw new Error('idempotent work returned without storing its outcome');
        // The answer is decided here, inside the transaction: the audit row that commits with
        // it (audit.scope.ts) records a stored refusal as a failure, with its status.
        noteAudit({ status: result.status });
        return { kind: 'done' as const, result };
      });
      if (outcome.kind === 'done')
        return reply.code(outcome.result.status).send(outcome.result.body);
      return replay(reply, outcome.stored, requestHash);
    } catch (error) {
      if (error instanceof OrderNumberRaceError && attempt < ATTEMPTS) continue;
      throw error;
    }
  }
}

function replay(reply: FastifyReply, stored: StoredKey | undefined, requestHash: string) {
  if (stored?.state !== 'done' || stored.status_code === null) {
    throw new AppError('REQUEST_IN_PROGRESS');
  }
  if (stored.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  reply.request.audit.detail = { ...reply.request.audit.detail, idempotencyHit: true };
  return reply.header('idempotency-hit', 'true').code(stored.status_code).send(stored.response);
}

/**
 * Deletes the keys older than they must be kept (the nightly job), in a transaction so that
 * the purge carries its audit row (the job's scope writes it). Returns how many went.
 */
export async function purgeIdempotencyKeys(deps: {
  database: Database;
  clock: Clock;
}): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - KEPT_DAYS * 86_400_000);
  return deps.database.raw.transaction(async (tx) => {
    const rows = await tx.query('DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1', [
      cutoff,
    ]);
    noteAudit({ detail: { removed: rows.length, createdBefore: cutoff.toISOString() } });
    return rows.length;
  });
}

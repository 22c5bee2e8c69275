/**
 * Exactly-once POSTs (open-api.md). The key row is inserted first, inside the same
 * transaction as the work: a concurrent twin blocks on the primary key until the first
 * commits, then finds the stored response. A refusal rolls the key back with everything
 * else, so nothing is recorded and a retry is decided afresh. The stored request hash tells
 * a replay (same body: the first response again, `Idempotency-Hit: true`) from a reuse of
 * the key with another body (409 IDEMPOTENCY_KEY_REUSED).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import { OrderNumberRaceError } from '../ledger/deduct.js';
import { sha256Hex } from './signature.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
const ATTEMPTS = 3;

export interface Outcome {
  status: number;
  body: unknown;
}

interface StoredKey {
  request_hash: string;
  state: 'in_progress' | 'done';
  status_code: number | null;
  response: unknown;
}

export function idempotencyKeyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Idempotency-Key: required, 1–128 visible ASCII characters',
      undefined,
      [{ field: 'headers.idempotency-key', message: 'required, 1–128 visible ASCII characters' }],
    );
  }
  return key;
}

export async function runIdempotent(
  deps: { database: Database; clock: Clock },
  request: FastifyRequest,
  reply: FastifyReply,
  clientId: string,
  work: (tx: RawSql) => Promise<Outcome>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request);
  // The raw bytes where the signature covered them (open API), else the parsed body.
  const body = request.rawBody ?? JSON.stringify(request.body ?? null);
  const requestHash = sha256Hex(`${request.method} ${request.url}\n${sha256Hex(body)}`);
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await deps.database.raw.transaction(async (tx) => {
        const claimed = await tx.query(
          `INSERT INTO idempotency_keys (client_id, key, request_hash, state, created_at)
           VALUES ($1, $2, $3, 'in_progress', $4) ON CONFLICT DO NOTHING RETURNING 1`,
          [clientId, key, requestHash, deps.clock.now()],
        );
        if (claimed.length === 0) {
          const [stored] = await tx.query<StoredKey>(
            `SELECT request_hash, state, status_code, response FROM idempotency_keys
              WHERE client_id = $1 AND key = $2`,
            [clientId, key],
          );
          return { kind: 'replay' as const, stored };
        }
        const result = await work(tx);
        await tx.query(
          `UPDATE idempotency_keys SET state = 'done', status_code = $3, response = $4
            WHERE client_id = $1 AND key = $2`,
          [clientId, key, result.status, JSON.stringify(result.body)],
        );
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

/**
 * open-api.md's request signature: lowercase hex HMAC-SHA256 with the client secret over
 * METHOD + "\n" + PATH_WITH_QUERY + "\n" + X-Timestamp + "\n" + Idempotency-Key + "\n" +
 * hex(SHA256(raw body)). The Idempotency-Key is signed (an empty line when the request has none)
 * so that a captured request cannot be replayed under a fresh key: replayed as it is, the
 * idempotency store answers it and nothing new is recorded.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../lib/sha256.js';

export const MAX_CLOCK_SKEW_MS = 300_000;

export function signatureFor(
  secret: string,
  method: string,
  pathWithQuery: string,
  timestamp: string,
  idempotencyKey: string,
  body: Buffer | string,
): string {
  return signatureForBodyHash(
    secret,
    method,
    pathWithQuery,
    timestamp,
    idempotencyKey,
    sha256Hex(body),
  );
}

/** The same, given hex(SHA256(raw body)): the server hashes the body once (D-http-speed-2). */
export function signatureForBodyHash(
  secret: string,
  method: string,
  pathWithQuery: string,
  timestamp: string,
  idempotencyKey: string,
  bodySha256Hex: string,
): string {
  const canonical = `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${idempotencyKey}\n${bodySha256Hex}`;
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

export function signatureMatches(expected: string, given: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

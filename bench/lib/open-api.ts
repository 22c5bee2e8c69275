/** Signed open-API requests for the load generator, with the platform's own client signer. */
import { sign } from '../../clients/node/yunquan-client.mjs';
import type { LoadRequest } from './load.js';

export interface ApiCredentials {
  keyId: string;
  secret: string;
}

export function signedPost(
  credentials: ApiCredentials,
  path: string,
  body: unknown,
  idempotencyKey: string,
  units = 1,
): LoadRequest {
  const text = JSON.stringify(body);
  const timestamp = String(Date.now());
  return {
    method: 'POST',
    path,
    units,
    body: text,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
      'x-key-id': credentials.keyId,
      'x-timestamp': timestamp,
      'x-signature': sign(credentials.secret, 'POST', path, timestamp, idempotencyKey, text),
    },
  };
}

/** n distinct random picks from `from` (partial Fisher–Yates on a copy). */
export function sampleDistinct<T>(from: readonly T[], n: number): T[] {
  const copy = from.slice();
  const count = Math.min(n, copy.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy.slice(0, count);
}

export function pickOne<T>(from: readonly T[]): T {
  return from[Math.floor(Math.random() * from.length)] as T;
}

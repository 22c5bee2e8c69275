/** Lowercase hex SHA-256 of a body: the open API's signature and the idempotency request hash. */
import { createHash } from 'node:crypto';

export function sha256Hex(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

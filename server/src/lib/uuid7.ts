import { randomFillSync } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, the version, then 74 random
 * bits. Used for the ids of rows written on every request (audit rows), as `yq_uuid7()` is
 * in the deduction function (migration 0019): a random UUID puts each new key at a random
 * leaf of its unique index — a page to read and, the first time after a checkpoint, to
 * write whole into the WAL — while these go to the index's right-hand edge (D-ledger-rows-1).
 */
export function uuid7(now: number = Date.now()): string {
  const bytes = randomFillSync(Buffer.alloc(16));
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The hash chain, pure: hash = SHA-256(prevHash + "\n" + canonical JSON of the row).
 * The canonical form sorts object keys at every depth and writes instants as ISO strings,
 * so a row read back from either database engine hashes to the same value.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  organisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  requestId: string | null;
  ipAddress: string | null;
  detail: unknown;
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, row: ChainedFields): string {
  const canonical = canonicalJson({ ...row, occurredAt: row.occurredAt.toISOString() });
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

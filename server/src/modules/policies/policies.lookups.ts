/**
 * What other modules may ask about stored policies without reading the `policies` table
 * themselves (issue 11 item 2): versions by id, the tier amounts in force. Takes the `RawSql`
 * to run on.
 */
import type { RawSql } from '../../db/client.js';
import { parsePolicy } from '../../domain/policy.js';
import { AppError } from '../../errors.js';
import { DEFAULT_PROGRAMME } from './policies.service.js';

/** Policy id → its version (e.g. `2025.1`), for the ids given; unknown ids are left out. */
export async function policyVersions(
  sql: RawSql,
  policyIds: readonly string[],
): Promise<Map<string, string>> {
  if (policyIds.length === 0) return new Map();
  const rows = await sql.query<{ id: string; version: string }>(
    'SELECT id, version FROM policies WHERE id = ANY($1::text[])',
    [[...new Set(policyIds)]],
  );
  return new Map(rows.map((row) => [row.id, row.version]));
}

/**
 * The tier amounts (fen by star) of the programme's policy in force: the amounts the ledger
 * grants. The row `PoliciesService.inForce` reads, for callers that hold no service.
 */
export async function tierAmountsInForce(
  sql: RawSql,
  programme = DEFAULT_PROGRAMME,
): Promise<Record<3 | 4 | 5, number>> {
  const [row] = await sql.query<{ document: unknown }>(
    `SELECT document FROM policies WHERE programme = $1 AND superseded_at IS NULL
      ORDER BY published_at DESC LIMIT 1`,
    [programme],
  );
  if (!row) throw new AppError('POLICY_INVALID', `no policy in force for ${programme}`);
  return parsePolicy(row.document).tierAmounts;
}

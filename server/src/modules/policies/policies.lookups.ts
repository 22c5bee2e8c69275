/**
 * What other modules may ask about stored policy versions without reading the `policies`
 * table themselves (issue 11 item 2). Takes the `RawSql` to run on.
 */
import type { RawSql } from '../../db/client.js';

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

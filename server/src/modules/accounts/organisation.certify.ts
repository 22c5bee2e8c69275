/**
 * The one change certification makes to an organisation: on approval the enterprise takes the
 * certified name and credit code, and the date it was certified. Accounts owns `organisations`,
 * so the write is here; it runs in the caller's transaction (the review's), with the round's
 * decision and the audit row.
 */
import type { RawSql } from '../../db/client.js';

export async function recordCertifiedOrganisation(
  tx: RawSql,
  organisation: { id: string; name: string; creditCode: string; certifiedAt: Date },
): Promise<void> {
  await tx.query(
    `UPDATE organisations SET name = $2, credit_code = $3, certified_at = $4 WHERE id = $1`,
    [organisation.id, organisation.name, organisation.creditCode, organisation.certifiedAt],
  );
}

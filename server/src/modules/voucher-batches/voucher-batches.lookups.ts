/**
 * What other modules may ask of the voucher batches without reading `voucher_batches`
 * (issue 11 item 2): a plan's batch, whose status says whether offers exist yet and whose
 * instructions a claimant reads. Takes the `RawSql` to run on.
 */
import type { RawSql } from '../../db/client.js';

export interface PlanVoucherBatch {
  id: string;
  status: 'configured' | 'issued';
  claimInstructions: string;
}

/** The plan's voucher batch (one per plan), or null while none is configured. */
export async function voucherBatchOfPlan(
  sql: RawSql,
  planId: string,
): Promise<PlanVoucherBatch | null> {
  const [row] = await sql.query<{
    id: string;
    status: 'configured' | 'issued';
    claim_instructions: string;
  }>('SELECT id, status, claim_instructions FROM voucher_batches WHERE plan_id = $1', [planId]);
  return row ? { id: row.id, status: row.status, claimInstructions: row.claim_instructions } : null;
}

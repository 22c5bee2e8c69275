/**
 * An audit_log row as read with plain SQL (both engines), and the fields its hash covers.
 * The sealer and `audit verify` read rows the same way, so a row hashes the same for both.
 */
import type { ChainedFields } from './audit.chain.js';

export interface AuditRow {
  entry_no: string | number;
  id: string;
  occurred_at: Date | string;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  organisation_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  ip_address: string | null;
  detail: unknown;
}

/** Exactly the fields the hash covers, with the seq the seal gives the row. */
export function chainedFieldsOfRow(row: AuditRow, seq: number): ChainedFields {
  return {
    seq,
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    organisationId: row.organisation_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome,
    requestId: row.request_id,
    ipAddress: row.ip_address,
    detail: row.detail ?? null,
  };
}

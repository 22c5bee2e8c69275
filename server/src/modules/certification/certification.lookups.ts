/**
 * What other modules may ask of an organisation's certification without reading its tables
 * (issue 11 item 2): the certification as last submitted and decided. Takes the `RawSql`.
 */
import type { RawSql } from '../../db/client.js';

export interface CurrentCertificationRow {
  status: 'submitted' | 'returned' | 'approved';
  round_no: number;
  enterprise_name: string;
  credit_code: string;
  legal_representative: string;
  address: string;
  contact_name: string;
  agent_name: string;
  agent_mobile_masked: string;
  licence_file_id: string;
  authorisation_file_id: string;
  submitted_at: Date;
  decision: 'approved' | 'returned' | null;
  reviewed_at: Date | null;
}

/** The organisation's certification with its current round; null when it never submitted. */
export async function currentCertificationOf(
  sql: RawSql,
  organisationId: string,
): Promise<CurrentCertificationRow | null> {
  const [row] = await sql.query<CurrentCertificationRow>(
    `SELECT c.status, r.round_no, r.enterprise_name, r.credit_code, r.legal_representative,
            r.address, r.contact_name, r.agent_name, r.agent_mobile_masked, r.licence_file_id,
            r.authorisation_file_id, r.submitted_at, r.decision, r.reviewed_at
       FROM certifications c
       JOIN certification_rounds r ON r.certification_id = c.id AND r.round_no = c.current_round
      WHERE c.organisation_id = $1`,
    [organisationId],
  );
  return row ?? null;
}

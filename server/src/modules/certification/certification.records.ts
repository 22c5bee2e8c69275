/**
 * A certification as the services read it: the certification, its organisation and every
 * round (newest first) with the files' metadata. Personal data leaves here masked only; the
 * ciphertexts stay in the database and are opened one field at a time (reviewers' audited
 * reveal, the SMS to the agent).
 *
 * @read-model reads: organisations, files, users — the view shows the organisation's current
 *   name, credit code and certification date, each round's two uploads (name, type, size,
 *   hash) and the names of who submitted and who decided it, joined in the reads.
 */
import type { RawSql } from '../../db/client.js';
import { maskMobile, normaliseMobile } from '../../domain/identifiers.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { RealNameResult } from '../delivery/real-name.js';
import type { ListComparison } from './list-comparison.js';

export type CertificationStatus = 'submitted' | 'returned' | 'approved';

export interface FileMeta {
  id: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface RoundRecord {
  roundNo: number;
  enterpriseName: string;
  creditCode: string;
  legalRepresentative: string;
  address: string;
  contactName: string;
  contactPhoneMasked: string;
  agentName: string;
  agentIdNumberMasked: string;
  agentMobileMasked: string;
  licenceFile: FileMeta;
  authorisationFile: FileMeta;
  realNameCheck: RealNameResult;
  listComparison: ListComparison;
  submittedAt: Date;
  submittedBy: { id: string; name: string };
  decision: 'approved' | 'returned' | null;
  reason: string | null;
  reviewedAt: Date | null;
  reviewedBy: { id: string; name: string } | null;
}

export interface CertificationRecord {
  id: string;
  organisation: { id: string; name: string; creditCode: string | null; certifiedAt: Date | null };
  status: CertificationStatus;
  currentRound: number;
  createdAt: Date;
  updatedAt: Date;
  /** Newest first. */
  rounds: RoundRecord[];
}

/** Personal fields a reviewer may reveal, and their ciphertext columns. */
export const REVEALABLE_FIELDS = {
  agentIdNumber: 'agent_id_number_ciphertext',
  agentMobile: 'agent_mobile_ciphertext',
  contactPhone: 'contact_phone',
} as const;
export type RevealableField = keyof typeof REVEALABLE_FIELDS;

/**
 * A contact phone as shown: a mobile as 138****1234; any other number with all but its first
 * three and last four digits starred (0513-****1234).
 */
export function maskPhone(phone: string): string {
  const mobile = normaliseMobile(phone);
  if (mobile) return maskMobile(mobile);
  const digits = phone.replace(/\D/g, '').length;
  let index = 0;
  return phone.replace(/\d/g, (digit) => {
    index += 1;
    return index <= 3 || index > digits - 4 ? digit : '*';
  });
}

interface CertificationRow {
  id: string;
  organisation_id: string;
  status: CertificationStatus;
  current_round: number;
  created_at: Date;
  updated_at: Date;
  organisation_name: string;
  organisation_credit_code: string | null;
  certified_at: Date | null;
}

interface RoundRow {
  round_no: number;
  enterprise_name: string;
  credit_code: string;
  legal_representative: string;
  address: string;
  contact_name: string;
  contact_phone: string;
  agent_name: string;
  agent_id_number_masked: string;
  agent_mobile_masked: string;
  real_name_check: RealNameResult;
  list_comparison: ListComparison;
  submitted_at: Date;
  submitted_by: string;
  submitted_by_name: string | null;
  decision: 'approved' | 'returned' | null;
  reason: string | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  lf_id: string;
  lf_name: string;
  lf_type: string;
  lf_size: string | number;
  lf_sha256: string;
  af_id: string;
  af_name: string;
  af_type: string;
  af_size: string | number;
  af_sha256: string;
}

const CERTIFICATION_SELECT = `
  SELECT c.id, c.organisation_id, c.status, c.current_round, c.created_at, c.updated_at,
         o.name AS organisation_name, o.credit_code AS organisation_credit_code, o.certified_at
    FROM certifications c JOIN organisations o ON o.id = c.organisation_id`;

const ROUNDS_SELECT = `
  SELECT r.round_no, r.enterprise_name, r.credit_code, r.legal_representative, r.address,
         r.contact_name, r.contact_phone, r.agent_name, r.agent_id_number_masked,
         r.agent_mobile_masked, r.real_name_check, r.list_comparison, r.submitted_at,
         r.submitted_by, su.name AS submitted_by_name, r.decision, r.reason, r.reviewed_at,
         r.reviewed_by, ru.name AS reviewed_by_name,
         lf.id AS lf_id, lf.original_name AS lf_name, lf.media_type AS lf_type,
         lf.size AS lf_size, lf.sha256 AS lf_sha256,
         af.id AS af_id, af.original_name AS af_name, af.media_type AS af_type,
         af.size AS af_size, af.sha256 AS af_sha256
    FROM certification_rounds r
    JOIN files lf ON lf.id = r.licence_file_id
    JOIN files af ON af.id = r.authorisation_file_id
    LEFT JOIN users su ON su.id = r.submitted_by
    LEFT JOIN users ru ON ru.id = r.reviewed_by
   WHERE r.certification_id = $1
   ORDER BY r.round_no DESC`;

const parseJson = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

export class CertificationRecords {
  constructor(private readonly secretBox: SecretBox) {}

  async byId(sql: RawSql, id: string): Promise<CertificationRecord | null> {
    const [row] = await sql.query<CertificationRow>(`${CERTIFICATION_SELECT} WHERE c.id = $1`, [
      id,
    ]);
    return row ? this.withRounds(sql, row) : null;
  }

  async byOrganisation(sql: RawSql, organisationId: string): Promise<CertificationRecord | null> {
    const [row] = await sql.query<CertificationRow>(
      `${CERTIFICATION_SELECT} WHERE c.organisation_id = $1`,
      [organisationId],
    );
    return row ? this.withRounds(sql, row) : null;
  }

  /** Opens a ciphertext read with a round (e.g. the agent's mobile, for the outcome SMS). */
  open(ciphertext: string): string {
    return this.secretBox.open(ciphertext);
  }

  /** The plain value of one personal field of one round (the caller audits the reveal). */
  async openField(
    sql: RawSql,
    certificationId: string,
    roundNo: number,
    field: RevealableField,
  ): Promise<string | null> {
    const column = REVEALABLE_FIELDS[field];
    const [row] = await sql.query<{ value: string }>(
      `SELECT ${column} AS value FROM certification_rounds
        WHERE certification_id = $1 AND round_no = $2`,
      [certificationId, roundNo],
    );
    return row ? this.secretBox.open(row.value) : null;
  }

  private async withRounds(sql: RawSql, row: CertificationRow): Promise<CertificationRecord> {
    const rounds = await sql.query<RoundRow>(ROUNDS_SELECT, [row.id]);
    return {
      id: row.id,
      organisation: {
        id: row.organisation_id,
        name: row.organisation_name,
        creditCode: row.organisation_credit_code,
        certifiedAt: row.certified_at ? new Date(row.certified_at) : null,
      },
      status: row.status,
      currentRound: row.current_round,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      rounds: rounds.map((round) => this.toRound(round)),
    };
  }

  private toRound(row: RoundRow): RoundRecord {
    return {
      roundNo: row.round_no,
      enterpriseName: row.enterprise_name,
      creditCode: row.credit_code,
      legalRepresentative: row.legal_representative,
      address: row.address,
      contactName: row.contact_name,
      contactPhoneMasked: maskPhone(this.secretBox.open(row.contact_phone)),
      agentName: row.agent_name,
      agentIdNumberMasked: row.agent_id_number_masked,
      agentMobileMasked: row.agent_mobile_masked,
      licenceFile: {
        id: row.lf_id,
        originalName: row.lf_name,
        mediaType: row.lf_type,
        size: Number(row.lf_size),
        sha256: row.lf_sha256,
      },
      authorisationFile: {
        id: row.af_id,
        originalName: row.af_name,
        mediaType: row.af_type,
        size: Number(row.af_size),
        sha256: row.af_sha256,
      },
      realNameCheck: parseJson<RealNameResult>(row.real_name_check),
      listComparison: parseJson<ListComparison>(row.list_comparison),
      submittedAt: new Date(row.submitted_at),
      submittedBy: { id: row.submitted_by, name: row.submitted_by_name ?? '' },
      decision: row.decision,
      reason: row.reason,
      reviewedAt: row.reviewed_at ? new Date(row.reviewed_at) : null,
      reviewedBy: row.reviewed_by
        ? { id: row.reviewed_by, name: row.reviewed_by_name ?? '' }
        : null,
    };
  }
}

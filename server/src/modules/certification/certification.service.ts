/**
 * Enterprise certification, the enterprise's side (F10, article 10(二)): upload the business
 * licence and the letter of authorisation, submit the enterprise's and the agent's details,
 * and — after a return — correct and resubmit. Each submission is a new round; every round is
 * kept. The agent's ID number and mobile are stored encrypted with masked copies.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import {
  maskMobile,
  maskResidentId,
  normaliseMobile,
  validateResidentId,
} from '../../domain/identifiers.js';
import { HAIAN_2024_POLICY, type Policy } from '../../domain/policy.js';
import { AppError, fieldError, isAppError } from '../../errors.js';
import type { Actor } from '../../http/types.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { creditCodeHeldByAnother, organisationFacts } from '../accounts/accounts.lookups.js';
import type { RealNameVerifier } from '../delivery/real-name.js';
import { REAL_NAME_MESSAGES } from '../delivery/real-name.js';
import type { FilePurpose, FilesService, StoredFile } from '../files/files.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import type { CertificationRecord, CertificationRecords } from './certification.records.js';
import { compareWithList, findListEntry } from './list-comparison.js';

export const CERTIFICATION_PURPOSES = ['business_licence', 'authorisation_letter'] as const;
export type CertificationPurpose = (typeof CERTIFICATION_PURPOSES)[number];

const PURPOSE_NAMES: Record<CertificationPurpose, string> = {
  business_licence: '营业执照',
  authorisation_letter: '经办人授权委托书',
};

export interface CertificationInput {
  enterpriseName: string;
  /** Normalised and checked (GB 32100) by the route's schema. */
  creditCode: string;
  legalRepresentative: string;
  address: string;
  contactName: string;
  /** Required on the first submission; on a resubmission, omitted means "as last time". */
  contactPhone?: string | undefined;
  agentName: string;
  /** Required on the first submission; on a resubmission, omitted means "as last time". */
  agentIdNumber?: string | undefined;
  agentMobile?: string | undefined;
  licenceFileId: string;
  authorisationFileId: string;
}

export interface OwnCertification {
  organisation: { id: string; name: string; creditCode: string | null; certifiedAt: Date | null };
  certification: CertificationRecord | null;
  /** Whether a (re)submission is possible now: none yet, or returned. */
  canSubmit: boolean;
}

/** The policy in force, or the default document on a platform that has not published one. */
export async function policyInForce(policies: PoliciesService): Promise<Policy> {
  try {
    return (await policies.inForce()).document;
  } catch (error) {
    if (isAppError(error) && error.code === 'POLICY_INVALID') return HAIAN_2024_POLICY;
    throw error;
  }
}

function notEditable(status: 'submitted' | 'approved'): AppError {
  return status === 'approved'
    ? new AppError('CERTIFICATION_APPROVED', '企业已通过认证，无需重复提交')
    : new AppError('CERTIFICATION_PENDING', '企业认证正在审核中，审核结果出来前不能修改');
}

export class CertificationService {
  constructor(
    private readonly deps: {
      database: Database;
      clock: Clock;
      secretBox: SecretBox;
      files: FilesService;
      policies: PoliciesService;
      realName: RealNameVerifier;
      records: CertificationRecords;
    },
  ) {}

  async own(actor: Actor): Promise<OwnCertification> {
    const { database, records } = this.deps;
    const certification = await records.byOrganisation(database.raw, actor.organisationId);
    const organisation =
      certification?.organisation ?? (await this.organisationOf(actor.organisationId));
    return {
      organisation,
      certification,
      canSubmit: !certification || certification.status === 'returned',
    };
  }

  /** Upload limits of the policy in force, for the route that reads the upload. */
  async uploadLimits(): Promise<Policy['upload']> {
    return (await policyInForce(this.deps.policies)).upload;
  }

  /** Stores a licence or a letter of authorisation for the caller's enterprise. */
  async uploadDocument(
    actor: Actor,
    upload: { bytes: Buffer; filename: string; purpose: string | undefined },
  ): Promise<StoredFile> {
    const purpose = upload.purpose as CertificationPurpose;
    if (!CERTIFICATION_PURPOSES.includes(purpose)) {
      throw fieldError(
        'body.purpose',
        '请指明材料类型：business_licence（营业执照）或 authorisation_letter（授权委托书）',
      );
    }
    await this.assertEditable(actor.organisationId);
    const limits = await this.uploadLimits();
    return this.deps.files.store({
      bytes: upload.bytes,
      originalName: upload.filename,
      purpose,
      organisationId: actor.organisationId,
      uploadedBy: actor.userId,
      allowedTypes: limits.allowedTypes,
      maxBytes: limits.maxBytes,
    });
  }

  /** Submits a new round: the first submission, or a resubmission after a return. */
  async submit(actor: Actor, input: CertificationInput): Promise<CertificationRecord> {
    const { database, clock, secretBox, realName, records } = this.deps;
    const organisationId = actor.organisationId;
    const previous = await records.byOrganisation(database.raw, organisationId);
    if (previous && previous.status !== 'returned') throw notEditable(previous.status);

    await this.assertOwnFile(organisationId, input.licenceFileId, 'business_licence');
    await this.assertOwnFile(organisationId, input.authorisationFileId, 'authorisation_letter');

    const policy = await policyInForce(this.deps.policies);
    const now = clock.now();
    const agentIdNumber = await this.agentIdNumber(input, previous, now, policy.timeZone);
    const agentMobile = await this.agentMobile(input, previous);
    const contactPhone = await this.contactPhone(input, previous);
    await this.assertCreditCodeFree(database.raw, input.creditCode, organisationId);

    const realNameCheck = await realName.verify({ name: input.agentName, idNumber: agentIdNumber });
    const listComparison = compareWithList(
      input,
      await findListEntry(database.raw, input.creditCode),
      now,
    );

    const certificationId = await database.raw.transaction(async (tx) => {
      const [created] = await tx.query<{ id: string }>(
        `INSERT INTO certifications (id, organisation_id, status, current_round, created_at,
           updated_at)
         VALUES ($1, $2, 'submitted', 0, $3, $3)
         ON CONFLICT (organisation_id) DO NOTHING RETURNING id`,
        [randomUUID(), organisationId, now],
      );
      const [current] = await tx.query<{
        id: string;
        status: 'submitted' | 'returned' | 'approved';
        current_round: number;
      }>(
        'SELECT id, status, current_round FROM certifications WHERE organisation_id = $1 FOR UPDATE',
        [organisationId],
      );
      if (!current) throw new Error('certification row vanished');
      // Re-checked under the lock: another tab may have submitted meanwhile.
      if (!created && current.status !== 'returned') throw notEditable(current.status);
      const roundNo = current.current_round + 1;
      await tx.query(
        `INSERT INTO certification_rounds (id, certification_id, round_no, enterprise_name,
           credit_code, legal_representative, address, contact_name, contact_phone, agent_name,
           agent_id_number_ciphertext, agent_id_number_masked, agent_mobile_ciphertext,
           agent_mobile_masked, licence_file_id, authorisation_file_id, real_name_check,
           list_comparison, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
           $19, $20)`,
        [
          randomUUID(),
          current.id,
          roundNo,
          input.enterpriseName,
          input.creditCode,
          input.legalRepresentative,
          input.address,
          input.contactName,
          secretBox.seal(contactPhone),
          input.agentName,
          secretBox.seal(agentIdNumber),
          maskResidentId(agentIdNumber),
          secretBox.seal(agentMobile),
          maskMobile(agentMobile),
          input.licenceFileId,
          input.authorisationFileId,
          JSON.stringify(realNameCheck),
          JSON.stringify(listComparison),
          actor.userId,
          now,
        ],
      );
      await tx.query(
        `UPDATE certifications SET status = 'submitted', current_round = $2, updated_at = $3
          WHERE id = $1`,
        [current.id, roundNo, now],
      );
      return current.id;
    });
    const record = await records.byId(database.raw, certificationId);
    if (!record) throw new Error(`certification ${certificationId} not found after submission`);
    return record;
  }

  // ── Checks ─────────────────────────────────────────────────────────────────────────────

  private async organisationOf(organisationId: string) {
    const organisation = await organisationFacts(this.deps.database.raw, organisationId);
    if (!organisation) throw new AppError('NOT_FOUND', '企业不存在');
    return organisation;
  }

  private async assertEditable(organisationId: string): Promise<void> {
    const [row] = await this.deps.database.raw.query<{
      status: 'submitted' | 'returned' | 'approved';
    }>('SELECT status FROM certifications WHERE organisation_id = $1', [organisationId]);
    if (row && row.status !== 'returned') throw notEditable(row.status);
  }

  /** The file exists, is the caller's enterprise's, and was uploaded as `purpose`. */
  private async assertOwnFile(
    organisationId: string,
    fileId: string,
    purpose: FilePurpose & CertificationPurpose,
  ): Promise<void> {
    const file = await this.deps.files.get(fileId);
    const field = purpose === 'business_licence' ? 'licenceFileId' : 'authorisationFileId';
    if (!file || file.organisationId !== organisationId) {
      throw new AppError(
        'FILE_NOT_FOUND',
        `${PURPOSE_NAMES[purpose]}文件不存在，请重新上传`,
        undefined,
        [{ field: `body.${field}`, message: `${PURPOSE_NAMES[purpose]}文件不存在，请重新上传` }],
      );
    }
    if (file.purpose !== purpose) {
      throw new AppError(
        'FILE_PURPOSE_MISMATCH',
        `该文件不是作为${PURPOSE_NAMES[purpose]}上传的，请在对应位置上传`,
        { expected: purpose, actual: file.purpose },
        [{ field: `body.${field}`, message: `uploaded as ${file.purpose}` }],
      );
    }
  }

  /** The ID number of this round, checked locally (GB 11643 and a real birth date). */
  private async agentIdNumber(
    input: CertificationInput,
    previous: CertificationRecord | null,
    now: Date,
    timeZone: string,
  ): Promise<string> {
    const typed = input.agentIdNumber?.trim();
    if (!typed) {
      const reused = previous ? await this.previousField(previous, 'agentIdNumber') : null;
      if (reused) return reused;
      throw fieldError('body.agentIdNumber', '请填写经办人身份证号码');
    }
    const result = validateResidentId(typed, now, timeZone);
    if (!result.ok) {
      const message = REAL_NAME_MESSAGES[result.reason];
      throw new AppError(
        'REAL_NAME_CHECK_FAILED',
        message,
        { reason: result.reason, provider: 'local-check' },
        [{ field: 'body.agentIdNumber', message }],
      );
    }
    return result.normalised;
  }

  private async agentMobile(
    input: CertificationInput,
    previous: CertificationRecord | null,
  ): Promise<string> {
    const typed = input.agentMobile?.trim();
    if (!typed) {
      const reused = previous ? await this.previousField(previous, 'agentMobile') : null;
      if (reused) return reused;
      throw fieldError('body.agentMobile', '请填写经办人手机号码');
    }
    const mobile = normaliseMobile(typed);
    if (!mobile) {
      throw fieldError('body.agentMobile', '手机号码无效（应为 11 位，以 1 开头）');
    }
    return mobile;
  }

  /** The contact phone of this round; on a resubmission left empty, the previous round's. */
  private async contactPhone(
    input: CertificationInput,
    previous: CertificationRecord | null,
  ): Promise<string> {
    const typed = input.contactPhone?.trim();
    if (typed) return typed;
    const reused = previous ? await this.previousField(previous, 'contactPhone') : null;
    if (reused) return reused;
    throw fieldError('body.contactPhone', '请填写联系电话');
  }

  private async previousField(
    previous: CertificationRecord,
    field: 'agentIdNumber' | 'agentMobile' | 'contactPhone',
  ): Promise<string | null> {
    return this.deps.records.openField(
      this.deps.database.raw,
      previous.id,
      previous.currentRound,
      field,
    );
  }

  private async assertCreditCodeFree(
    sql: RawSql,
    creditCode: string,
    organisationId: string,
  ): Promise<void> {
    if (await creditCodeHeldByAnother(sql, creditCode, organisationId)) {
      throw new AppError(
        'CREDIT_CODE_TAKEN',
        '该统一社会信用代码已有企业完成认证；如有疑问请联系市数据局',
        undefined,
        [{ field: 'body.creditCode', message: '该统一社会信用代码已有企业完成认证' }],
      );
    }
  }
}

/**
 * The Data Bureau's certification queue (article 10(二), reviewed like claims): the queue with
 * filters and counts, the detail with every round, an audited reveal of one personal field, and
 * the decision on the latest round — approve (the enterprise takes the round's name and credit
 * code and is certified) or return with a reason. Each outcome reaches the enterprise in its
 * inbox, by SMS to the agent's mobile, and by e-mail where the submitter gave an address.
 */
import type { Config } from '../../config.js';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../http/types.js';
import { creditCodeHeldByAnother, userContact } from '../accounts/accounts.lookups.js';
import { recordCertifiedOrganisation } from '../accounts/organisation.certify.js';
import { SMS_SIGNATURE, shorten, withoutFinalStop } from '../delivery/messages.js';
import type { OutboxService } from '../delivery/outbox.service.js';
import type { RealNameResult } from '../delivery/real-name.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type {
  CertificationRecord,
  CertificationRecords,
  CertificationStatus,
  RevealableField,
} from './certification.records.js';
import type { ListComparison } from './list-comparison.js';

export const ENTERPRISE_CERTIFICATION_LINK = '/enterprise/certification';
/** Addresses without a mailbox (account-creation.ts gives these to people without e-mail). */
const NO_MAILBOX = /\.invalid$/i;

export interface QueueSearch {
  status?: CertificationStatus | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export interface QueueItem {
  id: string;
  organisationId: string;
  enterpriseName: string;
  creditCode: string;
  agentName: string;
  status: CertificationStatus;
  roundNo: number;
  submittedAt: Date;
  updatedAt: Date;
  onList: boolean;
  nameMatches: boolean | null;
  realNameOk: boolean;
}

export interface Queue {
  items: QueueItem[];
  total: number;
  counts: Record<CertificationStatus, number>;
}

interface QueueRow {
  id: string;
  organisation_id: string;
  status: CertificationStatus;
  current_round: number;
  updated_at: Date;
  enterprise_name: string;
  credit_code: string;
  agent_name: string;
  submitted_at: Date;
  real_name_check: RealNameResult | string;
  list_comparison: ListComparison | string;
  total?: string | number;
}

const parseJson = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

/** Makes user input literal inside a LIKE pattern. */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

function isUniqueViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as Error & { code?: string }).code === '23505') return true;
  }
  return false;
}

export class CertificationReviewService {
  constructor(
    private readonly deps: {
      config: Config;
      database: Database;
      clock: Clock;
      records: CertificationRecords;
      notifications: NotificationsService;
      outbox: OutboxService;
    },
  ) {}

  async queue(search: QueueSearch): Promise<Queue> {
    const { raw } = this.deps.database;
    const q = search.q?.trim();
    const pattern = q ? `%${likeLiteral(q)}%` : null;
    const matches = `($1::text IS NULL OR r.enterprise_name ILIKE $1 OR r.credit_code ILIKE $1)`;
    const from = `FROM certifications c
      JOIN certification_rounds r ON r.certification_id = c.id AND r.round_no = c.current_round`;
    // Waiting work oldest first (first come, first served); decided work most recent first.
    const order =
      search.status === 'submitted' ? 'r.submitted_at ASC, c.id' : 'c.updated_at DESC, c.id';
    const rows = await raw.query<QueueRow>(
      `SELECT c.id, c.organisation_id, c.status, c.current_round, c.updated_at,
              r.enterprise_name, r.credit_code, r.agent_name, r.submitted_at,
              r.real_name_check, r.list_comparison, count(*) OVER () AS total
         ${from}
        WHERE ${matches} AND ($2::text IS NULL OR c.status = $2)
        ORDER BY ${order} LIMIT $3 OFFSET $4`,
      [pattern, search.status ?? null, search.pageSize, (search.page - 1) * search.pageSize],
    );
    const countRows = await raw.query<{ status: CertificationStatus; n: string | number }>(
      `SELECT c.status, count(*) AS n ${from} WHERE ${matches} GROUP BY c.status`,
      [pattern],
    );
    const counts: Record<CertificationStatus, number> = { submitted: 0, returned: 0, approved: 0 };
    for (const row of countRows) counts[row.status] = Number(row.n);
    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && search.page > 1) {
      total = search.status
        ? counts[search.status]
        : counts.submitted + counts.returned + counts.approved;
    }
    return {
      items: rows.map((row) => {
        const realName = parseJson(row.real_name_check);
        const list = parseJson(row.list_comparison);
        return {
          id: row.id,
          organisationId: row.organisation_id,
          enterpriseName: row.enterprise_name,
          creditCode: row.credit_code,
          agentName: row.agent_name,
          status: row.status,
          roundNo: row.current_round,
          submittedAt: new Date(row.submitted_at),
          updatedAt: new Date(row.updated_at),
          onList: list.onList,
          nameMatches: list.nameMatches,
          realNameOk: realName.ok,
        };
      }),
      total,
      counts,
    };
  }

  async detail(id: string): Promise<CertificationRecord> {
    const record = await this.deps.records.byId(this.deps.database.raw, id);
    if (!record) throw new AppError('CERTIFICATION_NOT_FOUND');
    return record;
  }

  /** One personal field in the clear; the route audits the reveal (never the value). */
  async reveal(id: string, roundNo: number, field: RevealableField): Promise<string> {
    const value = await this.deps.records.openField(this.deps.database.raw, id, roundNo, field);
    if (value === null) throw new AppError('CERTIFICATION_NOT_FOUND', '认证或提交轮次不存在');
    return value;
  }

  async approve(actor: Actor, id: string, roundNo: number): Promise<CertificationRecord> {
    return this.decide(actor, id, roundNo, { decision: 'approved' });
  }

  async returnForCorrection(
    actor: Actor,
    id: string,
    roundNo: number,
    reason: string,
  ): Promise<CertificationRecord> {
    return this.decide(actor, id, roundNo, { decision: 'returned', reason: reason.trim() });
  }

  private async decide(
    actor: Actor,
    id: string,
    roundNo: number,
    outcome: { decision: 'approved' } | { decision: 'returned'; reason: string },
  ): Promise<CertificationRecord> {
    const { database, clock, records } = this.deps;
    const now = clock.now();
    let messageIds: string[];
    try {
      messageIds = await database.raw.transaction(async (tx) => {
        const [certification] = await tx.query<{
          id: string;
          organisation_id: string;
          status: CertificationStatus;
          current_round: number;
        }>(
          'SELECT id, organisation_id, status, current_round FROM certifications WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!certification) throw new AppError('CERTIFICATION_NOT_FOUND');
        if (certification.status !== 'submitted' || certification.current_round !== roundNo) {
          throw new AppError(
            'ROUND_ALREADY_DECIDED',
            certification.current_round === roundNo
              ? `第 ${roundNo} 轮提交已审核（${certification.status === 'approved' ? '已通过' : '已退回'}）`
              : `第 ${roundNo} 轮不是最新提交（最新为第 ${certification.current_round} 轮），请刷新后审核`,
            { currentRound: certification.current_round, status: certification.status },
          );
        }
        const [round] = await tx.query<{
          enterprise_name: string;
          credit_code: string;
          agent_mobile_ciphertext: string;
          submitted_by: string;
        }>(
          `SELECT enterprise_name, credit_code, agent_mobile_ciphertext, submitted_by
             FROM certification_rounds WHERE certification_id = $1 AND round_no = $2`,
          [id, roundNo],
        );
        if (!round) throw new Error(`certification ${id} has no round ${roundNo}`);
        const organisationId = certification.organisation_id;

        if (outcome.decision === 'approved') {
          await this.assertCreditCodeFree(tx, round.credit_code, organisationId);
          await recordCertifiedOrganisation(tx, {
            id: organisationId,
            name: round.enterprise_name,
            creditCode: round.credit_code,
            certifiedAt: now,
          });
        }
        await tx.query(
          `UPDATE certification_rounds SET decision = $3, reason = $4, reviewed_by = $5,
             reviewed_at = $6
            WHERE certification_id = $1 AND round_no = $2`,
          [
            id,
            roundNo,
            outcome.decision,
            outcome.decision === 'returned' ? outcome.reason : null,
            actor.userId,
            now,
          ],
        );
        await tx.query('UPDATE certifications SET status = $2, updated_at = $3 WHERE id = $1', [
          id,
          outcome.decision,
          now,
        ]);
        return this.announce(tx, {
          certificationId: id,
          organisationId,
          roundNo,
          enterpriseName: round.enterprise_name,
          agentMobile: this.deps.records.open(round.agent_mobile_ciphertext),
          submittedBy: round.submitted_by,
          outcome,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw creditCodeTaken();
      throw error;
    }
    await this.deps.outbox.deliver(messageIds);
    const record = await records.byId(database.raw, id);
    if (!record) throw new Error(`certification ${id} vanished`);
    return record;
  }

  /** The outcome to the enterprise: inbox (every user), SMS to the agent, e-mail if any. */
  private async announce(
    tx: RawSql,
    input: {
      certificationId: string;
      organisationId: string;
      roundNo: number;
      enterpriseName: string;
      agentMobile: string;
      submittedBy: string;
      outcome: { decision: 'approved' } | { decision: 'returned'; reason: string };
    },
  ): Promise<string[]> {
    const { outcome } = input;
    const approved = outcome.decision === 'approved';
    const title = approved ? '企业认证已通过' : '企业认证被退回';
    const body = approved
      ? `${input.enterpriseName}的企业认证（第 ${input.roundNo} 次提交）已通过市数据局审核，现在可以认领资源券。`
      : `${input.enterpriseName}的企业认证（第 ${input.roundNo} 次提交）被市数据局退回。原因：${withoutFinalStop(outcome.reason)}。请修改后重新提交。`;
    await this.deps.notifications.notifyOrganisation(
      input.organisationId,
      {
        kind: approved ? 'certification.approved' : 'certification.returned',
        title,
        body,
        link: ENTERPRISE_CERTIFICATION_LINK,
        dedupeKey: `certification:${input.certificationId}:round:${input.roundNo}:${outcome.decision}`,
      },
      tx,
    );
    const sms = approved
      ? `${SMS_SIGNATURE}您的企业认证已通过，请登录“海安云”资源券服务平台认领资源券。`
      : `${SMS_SIGNATURE}您的企业认证被退回：${shorten(withoutFinalStop(outcome.reason), 60)}。请登录平台修改后重新提交。`;
    const ids = [
      await this.deps.outbox.enqueue({ channel: 'sms', to: input.agentMobile, body: sms }, tx),
    ];
    const submitter = await userContact(tx, input.submittedBy);
    if (submitter && !NO_MAILBOX.test(submitter.email)) {
      ids.push(
        await this.deps.outbox.enqueue(
          {
            channel: 'email',
            to: submitter.email,
            subject: `【海安云资源券】${title}`,
            body: `${body}\n\n登录平台查看详情：${this.deps.config.publicUrl}${ENTERPRISE_CERTIFICATION_LINK}`,
          },
          tx,
        ),
      );
    }
    return ids;
  }

  private async assertCreditCodeFree(
    sql: RawSql,
    creditCode: string,
    organisationId: string,
  ): Promise<void> {
    if (await creditCodeHeldByAnother(sql, creditCode, organisationId)) throw creditCodeTaken();
  }
}

function creditCodeTaken(): AppError {
  return new AppError(
    'CREDIT_CODE_TAKEN',
    '该统一社会信用代码已由其他企业认证，不能通过；请退回并说明原因',
  );
}

/**
 * The DRC's summary (第十七条): the recognised enterprises and amounts aggregated by enterprise,
 * star and list year (its 汇总表 is drawn by aggregate.documents.ts), and sending it to Finance —
 * the payment then falls due the policy's `paymentDueDays` later (第十八条, “on time”).
 */
import type { RawSql } from '../../db/client.js';
import { formatYuan } from '../../domain/money.js';
import { paymentDueDaysOf } from '../../domain/policy.js';
import { localDateString } from '../../domain/time.js';
import {
  type Caller,
  type ChainDeps,
  moveSubmission,
  notifyDepartment,
  type StepInput,
} from './chain.steps.js';
import type { SubmissionView } from './chain.views.js';

/** DRC: the aggregate goes to Finance; the payment falls due `paymentDueDays` later. */
export async function sendToFinance(
  deps: ChainDeps,
  caller: Caller,
  submissionId: string,
  input: StepInput,
): Promise<void> {
  const policy = (await deps.policies.inForce()).document;
  await moveSubmission(deps, caller, submissionId, 'drc-send', input, async (tx, submission) => {
    const now = deps.clock.now();
    const due = localDateString(
      new Date(now.getTime() + paymentDueDaysOf(policy) * 86_400_000),
      policy.timeZone,
    );
    await tx.query(
      'UPDATE redemption_submissions SET sent_to_finance_at = $2, payment_due_on = $3 WHERE id = $1',
      [submissionId, now, due],
    );
    await notifyDepartment(deps.notifications, tx, 'finance', {
      kind: 'redemption.sent-to-finance',
      title: `${submission.settlement_year} 年度资源券兑付待审核拨付`,
      body: `市发改委已报送 ${submission.settlement_year} 年度资源券兑付汇总，认定金额 ${formatYuan(Number(submission.recognised ?? 0))}，请于 ${due} 前审核拨付。`,
      dedupeKey: `redemption:${submissionId}:sent-to-finance:${submission.version}`,
    });
  });
}

/** The DRC's aggregate of a submission (its view read first by the caller). */
export async function aggregate(sql: RawSql, submission: SubmissionView) {
  const rows = await sql.query<{
    credit_code: string;
    enterprise_name: string;
    star: number;
    list_year: number;
    net: string;
    recognised: string;
  }>(
    `SELECT l.credit_code, l.enterprise_name, l.star, l.list_year,
            sum(l.net_write_off) AS net, sum(coalesce(d.recognised, 0)) AS recognised
       FROM redemption_lines l
       LEFT JOIN redemption_line_decisions d ON d.submission_id = $1 AND d.line_no = l.line_no
      WHERE l.build_id = $2
      GROUP BY l.credit_code, l.enterprise_name, l.star, l.list_year
      ORDER BY l.credit_code, l.list_year`,
    [submission.id, submission.buildId],
  );
  const byEnterprise = rows.map((row) => ({
    creditCode: row.credit_code,
    enterpriseName: row.enterprise_name,
    star: Number(row.star),
    listYear: Number(row.list_year),
    netWriteOff: Number(row.net),
    recognised: Number(row.recognised),
  }));
  const group = <K extends 'star' | 'listYear'>(key: K) => {
    const groups = new Map<number, { enterprises: number; recognised: number }>();
    for (const row of byEnterprise) {
      if (row.recognised <= 0) continue;
      const entry = groups.get(row[key]) ?? { enterprises: 0, recognised: 0 };
      entry.enterprises += 1;
      entry.recognised += row.recognised;
      groups.set(row[key], entry);
    }
    return [...groups.entries()].sort(([a], [b]) => a - b);
  };
  return {
    submission,
    byEnterprise,
    byStar: group('star').map(([star, value]) => ({ star, ...value })),
    byListYear: group('listYear').map(([listYear, value]) => ({ listYear, ...value })),
  };
}

/**
 * Demo monthly operation reports (第十四条) for the ended months of the demo's current year,
 * written through the real MonthlyReportsService on a clock set back to each filing day, so
 * every snapshot, document and hash is what the platform itself would have recorded: most
 * archived (存档备查) on time, one filed late, and the last one returned with a reason and
 * waiting for the operator to correct and resubmit. The current month is left as a draft.
 */
import { ManualClock } from '../domain/clock.js';
import {
  dueDateOf,
  formatMonth,
  monthState,
  monthWindow,
  type YearMonth,
} from '../domain/monthly-report.js';
import { localYear, zonedMidnightToInstant } from '../domain/time.js';
import { MonthlyReportsService } from '../modules/monthly-reports/monthly-reports.service.js';
import { PoliciesService } from '../modules/policies/policies.service.js';
import type { Services } from '../services.js';

const HOUR = 3_600_000;

/** Plausible part (a) figures for month m (exact decimal strings). */
function usageFor(month: number) {
  const grow = (base: number, step: number) => (base + step * month).toFixed(2);
  return {
    vcpuCoreHours: grow(182_000, 6_500),
    memoryGibHours: grow(728_000, 26_000),
    blockStorageTbMonths: (38.5 + 1.25 * month).toFixed(3),
    objectStorageTbMonths: (12.25 + 0.5 * month).toFixed(3),
    bandwidthPeakMbps: grow(1_200, 40),
    trafficTb: (64.128 + 2.5 * month).toFixed(3),
    securityInstances: 18 + month,
  };
}

export async function seedDemoMonthlyReports(
  services: Services,
  seeded: { organisations: Record<string, string>; users: Record<string, string> },
): Promise<{ summary: string[] }> {
  const { users, organisations } = seeded;
  const operatorId = organisations.operator;
  const staff = users.operator;
  const admin = users['operator-admin'];
  const reviewer = users.reviewer;
  if (!operatorId || !staff || !admin || !reviewer) throw new Error('demo operator users missing');
  const now = services.clock.now();
  const { document } = await services.policies.inForce();
  const { timeZone, monthlyReportDueDay } = document;
  const year = localYear(now, timeZone);
  const clock = new ManualClock(now);
  const reports = new MonthlyReportsService({
    database: services.database,
    clock,
    policies: new PoliciesService(services.database, clock),
    files: services.files,
  });
  const as = (userId: string, name: string) => ({ userId, name, organisationId: operatorId });
  const clerk = as(staff, '平台服务方经办人（演示）');
  const manager = as(admin, '平台服务方管理员（演示）');
  const bureau = { userId: reviewer, name: '市数据局审核员（演示）', organisationId: '' };

  const ended: YearMonth[] = [];
  for (let month = 1; month <= 12; month += 1) {
    if (monthState({ year, month }, now, timeZone) === 'ended') ended.push({ year, month });
  }
  // Filing day of month m: four days before its due date at 09:00 local (the late one three
  // days after it); submitted an hour later, decided two days after that. Every step lies in
  // the past and after the month's end: a month too recent for that stays a draft.
  const DECIDED_AFTER = 49 * HOUR;
  const lateIndex = ended.length >= 3 ? ended.length - 3 : -1;
  const summary: string[] = [];
  for (const [index, period] of ended.entries()) {
    const month = formatMonth(period);
    const due = dueDateOf(period, monthlyReportDueDay);
    const isLast = index === ended.length - 1;
    const late = index === lateIndex;
    const [y, m, d] = due.split('-').map(Number) as [number, number, number];
    const planned =
      zonedMidnightToInstant(y, m, d, timeZone).getTime() + (9 + (late ? 3 : -4) * 24) * HOUR;
    const drafted = Math.min(planned, now.getTime() - DECIDED_AFTER - 60_000);
    const commentary =
      `${period.month}月“海安云”平台运行平稳，无重大故障。资源券核销、冲正均已通过开放接口实时同步，` +
      '与计费系统月末对账一致。';
    if (drafted < monthWindow(period, timeZone).end.getTime()) {
      clock.set(now);
      await reports.saveDraft(clerk, month, { ...usageFor(period.month), commentary });
      summary.push(`    ${month}  草稿（待提交）`);
      continue;
    }
    clock.set(new Date(drafted));
    await reports.saveDraft(clerk, month, { ...usageFor(period.month), commentary });
    clock.set(new Date(drafted + HOUR));
    await reports.submit(manager, month);
    clock.set(new Date(drafted + DECIDED_AFTER));
    if (isLast && ended.length > 1) {
      await reports.returnReport(
        bureau,
        month,
        '第一部分公网流量较上月增幅较大，请在情况说明中补充原因后重新报送。',
      );
      summary.push(`    ${month}  已退回，待平台服务方修改后重新提交`);
    } else {
      await reports.archive(bureau, month);
      summary.push(`    ${month}  已存档备查${late ? '（逾期 3 天报送）' : ''}`);
    }
  }
  const current = { year, month: ended.length + 1 };
  if (monthState(current, now, timeZone) === 'current') {
    clock.set(now);
    await reports.saveDraft(clerk, formatMonth(current), {
      vcpuCoreHours: usageFor(current.month).vcpuCoreHours,
      commentary: '本月数据填报中。',
    });
    summary.push(`    ${formatMonth(current)}  草稿（本月尚未结束）`);
  }
  return { summary: ['  演示月度运营报告 Demo monthly reports:', ...summary] };
}

/**
 * Demo: the previous settlement year closed and paid, through the real services on a clock set
 * to each step's day in January and February — the operator generates the final package, its
 * administrator attests and submits, the Data Bureau accepts the lines and approves, the DRC
 * sends to Finance, Finance approves and pays — so every page of the chain has a finished year
 * to show. The current year's package is left for the operator to generate.
 */
import { ManualClock } from '../domain/clock.js';
import { formatYuan } from '../domain/money.js';
import type { Role } from '../domain/permissions.js';
import { localYear, zonedMidnightToInstant } from '../domain/time.js';
import { base32Decode, hotp, totpStepAt } from '../domain/totp.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../modules/accounts/demo-accounts.js';
import { PoliciesService } from '../modules/policies/policies.service.js';
import { RedemptionChainService } from '../modules/redemption/chain.service.js';
import { RedemptionPackageService } from '../modules/redemption/package.service.js';
import type { Services } from '../services.js';

const DAY = 86_400_000;

export async function seedDemoRedemption(
  services: Services,
  seeded: { users: Record<string, string> },
): Promise<{ summary: string[] }> {
  const now = services.clock.now();
  const { timeZone } = (await services.policies.inForce()).document;
  const year = localYear(now, timeZone) - 1;
  const yearEnd = zonedMidnightToInstant(year + 1, 1, 1, timeZone).getTime();
  // Steps from 10 January on, two days apart, never later than yesterday.
  const dayOf = (n: number) =>
    new Date(Math.min(yearEnd + (9 + 2 * n) * DAY + 2 * 3_600_000, now.getTime() - DAY));
  const clock = new ManualClock(dayOf(0));
  const policies = new PoliciesService(services.database, clock);
  const packages = new RedemptionPackageService({
    database: services.database,
    clock,
    policies,
    files: services.files,
  });
  const chain = new RedemptionChainService({
    database: services.database,
    clock,
    policies,
    packages,
    signIn: services.auth.signIn,
    notifications: services.notifications,
  });
  const who = (username: string) => {
    const account = DEMO_ACCOUNTS.find((candidate) => candidate.username === username);
    const userId = seeded.users[username];
    if (!account || !userId) throw new Error(`demo account ${username} missing`);
    return {
      userId,
      name: account.name,
      role: account.role as Role,
      totpSecret: account.totpSecret,
    };
  };
  const operator = who('operator');
  const manager = who('operator-admin');
  const reviewer = who('reviewer');
  const bureau = who('bureau-admin');
  const drc = who('drc');
  const finance = who('finance');
  // The previous 30-second step's code (inside the accepted window): the sign-in's own “last
  // step used” stays behind the current one, so a person signing in right after start is not
  // refused a code the seed already used.
  const code = (secret: string | undefined) =>
    secret ? hotp(base32Decode(secret), totpStepAt(Date.now()) - 1) : undefined;

  const started = await packages.start(year, 'final', operator);
  const build = await packages.waitFor(started.id);
  if (build.status !== 'done') throw new Error(`demo package build failed: ${build.errorCode}`);
  clock.set(dayOf(1));
  let submission = await chain.submit(manager, year, {
    buildId: build.id,
    password: DEMO_PASSWORD,
    totpCode: code(manager.totpSecret),
  });
  clock.set(dayOf(2));
  await chain.acceptCleanLines(reviewer, submission.id);
  // Lines with exceptions (if any) are decided one by one, as the page asks.
  for (let cursor = 0; ; ) {
    const page = await packages.listLines(build.id, { cursor, limit: 200, exceptionsOnly: true });
    for (const line of page.lines) {
      await chain.decideLine(reviewer, submission.id, line.lineNo, {
        decision: 'reject',
        reason: '核查异常未说明，不予认定（演示）',
      });
    }
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  submission = await chain.view(submission.id);
  clock.set(dayOf(3));
  submission = await chain.bureauApprove(bureau, submission.id, {
    version: submission.version,
    totpCode: code(bureau.totpSecret),
  });
  clock.set(dayOf(5));
  submission = await chain.sendToFinance(drc, submission.id, { version: submission.version });
  clock.set(dayOf(8));
  submission = await chain.financeApprove(finance, submission.id, {
    version: submission.version,
    totpCode: code(finance.totpSecret),
  });
  clock.set(dayOf(10));
  const paidOn = new Date(clock.now()).toISOString().slice(0, 10);
  submission = await chain.pay(finance, submission.id, {
    version: submission.version,
    amount: submission.recognised ?? 0,
    paidOn,
    reference: `HACZ-${year + 1}-0001`,
  });
  return {
    summary: [
      `  兑现：${year} 年度已兑付 ${formatYuan(submission.payment?.amount ?? 0)}（认定 ${formatYuan(submission.recognised ?? 0)}，${submission.lines} 张资源券）；${year + 1} 年度材料待平台服务方生成`,
    ],
  };
}

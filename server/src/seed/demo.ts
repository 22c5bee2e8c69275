/**
 * The demo programme, seeded on the first start of a demo instance: the organisations of the
 * measures and one account per role (DEMO_ACCOUNTS). Demo passwords exist only here and only
 * in demo mode; a production configuration refuses DEMO, and seeding refuses production.
 */
import { isValidCreditCode } from '../domain/identifiers.js';
import { type DepartmentCode, type OrganisationKind, ROLE_NAMES } from '../domain/permissions.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../modules/accounts/demo-accounts.js';
import type { Services } from '../services.js';
import { seedDemoJourney } from './demo-journey.js';
import { seedDemoMonthlyReports } from './demo-monthly-reports.js';
import { seedDemoRedemption } from './demo-redemption.js';
import { seedDemoVouchers } from './demo-vouchers.js';

interface DemoOrganisation {
  kind: OrganisationKind;
  departmentCode?: DepartmentCode;
  /** Unified social credit codes in Haian's region (320685), valid by GB 32100. */
  creditCode?: string;
}

/** Keyed as DemoAccount.organisation; the names come from DEMO_ACCOUNTS, shown at sign-in. */
const DEMO_ORGANISATIONS: Record<string, DemoOrganisation> = {
  platform: { kind: 'platform' },
  operator: { kind: 'operator', creditCode: '91320685MA1WQ8C32M' },
  'data-bureau': { kind: 'department', departmentCode: 'data_bureau' },
  drc: { kind: 'department', departmentCode: 'drc' },
  finance: { kind: 'department', departmentCode: 'finance' },
  'enterprise-demo': { kind: 'enterprise', creditCode: '91320685MA20YQ7R20' },
};

export interface DemoSeed {
  /** Lines for main.ts to print after the URL. */
  summary: string[];
  /** Organisation ids by DemoAccount.organisation key, for later seed steps. */
  organisations: Record<string, string>;
  /** User ids by username. */
  users: Record<string, string>;
}

/** Seeds the demo only into a database without users, so a restart seeds nothing. */
export async function seedDemoIfEmpty(services: Services): Promise<DemoSeed | null> {
  if (await services.users.hasAnyUser()) return null;
  return seedDemo(services);
}

export async function seedDemo(services: Services): Promise<DemoSeed> {
  if (services.config.isProduction) throw new Error('demo data is never seeded in production');

  const organisations: Record<string, string> = {};
  for (const [key, definition] of Object.entries(DEMO_ORGANISATIONS)) {
    const name = DEMO_ACCOUNTS.find((account) => account.organisation === key)?.organisationName;
    if (!name) throw new Error(`no demo account names organisation ${key}`);
    if (definition.creditCode && !isValidCreditCode(definition.creditCode)) {
      throw new Error(`demo credit code ${definition.creditCode} fails its check character`);
    }
    const organisation = await services.users.ensureOrganisation({ ...definition, name });
    organisations[key] = organisation.id;
  }

  const users: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const organisationId = organisations[account.organisation];
    if (!organisationId) throw new Error(`unknown demo organisation ${account.organisation}`);
    const user = await services.users.createAccount({
      username: account.username,
      name: account.name,
      role: account.role,
      organisationId,
      password: account.password,
    });
    if (account.totpSecret) await services.auth.totp.enableKnownSecret(user.id, account.totpSecret);
    users[account.username] = user.id;
  }

  const vouchers = await seedDemoVouchers(services, { organisations, users });
  const journey = await seedDemoJourney(services, { organisations, users });
  const reports = await seedDemoMonthlyReports(services, { organisations, users });
  const redemption = await seedDemoRedemption(services, { users });
  return {
    summary: [
      ...demoLoginTable(),
      '',
      ...vouchers.summary,
      '',
      ...journey.summary,
      '',
      ...reports.summary,
      ...redemption.summary,
    ],
    organisations,
    users,
  };
}

// CJK characters take two columns in a terminal.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function displayWidth(text: string): number {
  return [...text].reduce((width, character) => width + (WIDE.test(character) ? 2 : 1), 0);
}

function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function demoLoginTable(): string[] {
  const header = ['用户名 username', '密码 password', '角色 role', '单位 organisation'];
  const rows = DEMO_ACCOUNTS.map((account) => [
    account.username,
    account.password,
    ROLE_NAMES[account.role].zh,
    account.organisationName +
      (account.totpSecret ? `  (动态验证码 TOTP on, secret ${account.totpSecret})` : ''),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => displayWidth(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    `    ${cells.map((cell, column) => padTo(cell, widths[column] ?? 0)).join('  ')}`.trimEnd();
  return [
    `  演示账号 Demo sign-in (demo mode only; every password is ${DEMO_PASSWORD}):`,
    line(header),
    ...rows.map(line),
  ];
}

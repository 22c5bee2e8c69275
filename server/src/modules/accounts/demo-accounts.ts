/**
 * The demo accounts: one per role, created only in demo mode (never in production).
 * Passwords exist here because they are printed at start and shown on the sign-in page.
 */
import type { Role } from '../../domain/permissions.js';

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  role: Role;
  /** Key of the demo organisation (see seed/demo.ts). */
  organisation: string;
  organisationName: string;
  /** The one demo official with a second factor on, to show how it works. */
  totpSecret?: string;
}

export const DEMO_PASSWORD = 'Demo@2024';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'enterprise',
    password: DEMO_PASSWORD,
    name: '张晓明',
    role: 'enterprise_agent',
    organisation: 'enterprise-demo',
    organisationName: '海安示范智能制造有限公司',
  },
  {
    username: 'operator',
    password: DEMO_PASSWORD,
    name: '李婷',
    role: 'operator_staff',
    organisation: 'operator',
    organisationName: '海安云平台服务方',
  },
  {
    username: 'operator-admin',
    password: DEMO_PASSWORD,
    name: '王磊',
    role: 'operator_admin',
    organisation: 'operator',
    organisationName: '海安云平台服务方',
  },
  {
    username: 'reviewer',
    password: DEMO_PASSWORD,
    name: '陈静',
    role: 'data_bureau_reviewer',
    organisation: 'data-bureau',
    organisationName: '海安市数据局',
  },
  {
    username: 'bureau-admin',
    password: DEMO_PASSWORD,
    name: '刘洋',
    role: 'data_bureau_admin',
    organisation: 'data-bureau',
    organisationName: '海安市数据局',
    // Base32 secret known to the demo so people can try the second factor with any
    // authenticator app; demo mode only.
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  },
  {
    username: 'drc',
    password: DEMO_PASSWORD,
    name: '周强',
    role: 'drc_officer',
    organisation: 'drc',
    organisationName: '海安市发展和改革委员会',
  },
  {
    username: 'finance',
    password: DEMO_PASSWORD,
    name: '吴芳',
    role: 'finance_officer',
    organisation: 'finance',
    organisationName: '海安市财政局',
  },
  {
    username: 'sysadmin',
    password: DEMO_PASSWORD,
    name: '赵敏',
    role: 'system_admin',
    organisation: 'platform',
    organisationName: '云券平台运维',
  },
];

export function demoLoginsFor() {
  return DEMO_ACCOUNTS.map((a) => ({
    username: a.username,
    password: a.password,
    role: a.role,
    name: a.name,
    organisation: a.organisationName,
    totp: a.totpSecret !== undefined,
    // Demo mode only: lets visitors add the demo official's second factor to an app.
    ...(a.totpSecret ? { totpSecret: a.totpSecret } : {}),
  }));
}

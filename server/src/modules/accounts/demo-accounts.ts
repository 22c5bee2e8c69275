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

/** How far a demo enterprise has got on its way to a voucher (seed/demo-journey.ts). */
export type JourneyStage =
  | 'registered'
  | 'certifying'
  | 'certification-returned'
  | 'certified'
  | 'claim-returned'
  | 'claimed'
  | 'approved';

/** Enterprise agents at every stage of the journey, seeded through the real services. */
export interface DemoJourneyAccount {
  username: string;
  password: string;
  name: string;
  /** The agent's mobile number (registration). */
  mobile: string;
  /** The enterprise as it certifies; its organisation takes this name once certified. */
  enterpriseName: string;
  stage: JourneyStage;
  /** The stage as the sign-in page and the start-up summary show it. */
  stageName: string;
}

export const DEMO_JOURNEY_ACCOUNTS: DemoJourneyAccount[] = [
  {
    username: 'agent-registered',
    password: DEMO_PASSWORD,
    name: '孙立',
    mobile: '13962700001',
    enterpriseName: '海安星河数字科技有限公司',
    stage: 'registered',
    stageName: '已注册，待认证',
  },
  {
    username: 'agent-certifying',
    password: DEMO_PASSWORD,
    name: '钱芳',
    mobile: '13962700002',
    enterpriseName: '海安瑞丰食品有限公司',
    stage: 'certifying',
    stageName: '企业认证审核中',
  },
  {
    username: 'agent-cert-returned',
    password: DEMO_PASSWORD,
    name: '周斌',
    mobile: '13962700003',
    enterpriseName: '海安佳信纺织有限公司',
    stage: 'certification-returned',
    stageName: '企业认证被退回',
  },
  {
    username: 'agent-certified',
    password: DEMO_PASSWORD,
    name: '吴静',
    mobile: '13962700004',
    enterpriseName: '海安鼎盛机械制造有限公司',
    stage: 'certified',
    stageName: '已认证，可认领',
  },
  {
    username: 'agent-returned',
    password: DEMO_PASSWORD,
    name: '郑凯',
    mobile: '13962700005',
    enterpriseName: '海安宏远电子科技有限公司',
    stage: 'claim-returned',
    stageName: '认领被退回',
  },
  {
    username: 'agent-claimed',
    password: DEMO_PASSWORD,
    name: '冯雪',
    mobile: '13962700006',
    enterpriseName: '海安云帆信息技术有限公司',
    stage: 'claimed',
    stageName: '认领审核中',
  },
  {
    username: 'agent-approved',
    password: DEMO_PASSWORD,
    name: '陈刚',
    mobile: '13962700007',
    enterpriseName: '海安汇通物流科技有限公司',
    stage: 'approved',
    stageName: '认领已通过，已获资源券',
  },
];

export function demoLoginsFor() {
  return [
    ...DEMO_ACCOUNTS.map((a) => ({
      username: a.username,
      password: a.password,
      role: a.role,
      name: a.name,
      organisation: a.organisationName,
      totp: a.totpSecret !== undefined,
      // Demo mode only: lets visitors add the demo official's second factor to an app.
      ...(a.totpSecret ? { totpSecret: a.totpSecret } : {}),
    })),
    // After the role accounts: enterprises at every stage of the journey.
    ...DEMO_JOURNEY_ACCOUNTS.map((a) => ({
      username: a.username,
      password: a.password,
      role: 'enterprise_agent' as const,
      name: a.name,
      organisation: `${a.enterpriseName} · ${a.stageName}`,
      totp: false,
    })),
  ];
}

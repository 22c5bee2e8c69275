import {
  ApiOutlined,
  AuditOutlined,
  BellOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FundProjectionScreenOutlined,
  GiftOutlined,
  PayCircleOutlined,
  ProfileOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
  StarOutlined,
  TeamOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';

/**
 * Everything a workspace menu can hold. A capability gets a page by adding it to
 * `pages/registry.ts` (a complete record: every feature has its page).
 */
export const FEATURE_KEYS = [
  'certification',
  'claim',
  'vouchers',
  'voucherConfig',
  'writeOffs',
  'openApi',
  'monthlyReports',
  'redemptionMaterials',
  'plans',
  'supervision',
  'certificationReviews',
  'claimReviews',
  'reportArchive',
  'redemptionReviews',
  'starLists',
  'redemptionSummary',
  'payments',
  'policy',
  'notifications',
  'users',
  'audit',
  'account',
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

export interface Feature {
  key: FeatureKey;
  /** Path below the workspace base, e.g. `/data-bureau/` + `claim-reviews`. */
  path: string;
  icon: ComponentType;
  /** Shown to whoever holds this permission, in any workspace; otherwise by role. */
  permission?: string;
  /** The article(s) of 海数据发〔2024〕7号 the capability carries out. */
  articles?: number[];
}

export const FEATURES: Record<FeatureKey, Feature> = {
  certification: {
    key: 'certification',
    path: 'certification',
    icon: SafetyCertificateOutlined,
    permission: 'certification.own',
    articles: [10],
  },
  claim: {
    key: 'claim',
    path: 'claim',
    icon: GiftOutlined,
    permission: 'claims.own',
    articles: [9, 10],
  },
  vouchers: {
    key: 'vouchers',
    path: 'vouchers',
    icon: WalletOutlined,
    permission: 'vouchers.own',
    articles: [11, 13],
  },
  voucherConfig: {
    key: 'voucherConfig',
    path: 'voucher-config',
    icon: SettingOutlined,
    permission: 'voucher-batches.read',
    articles: [8],
  },
  writeOffs: {
    key: 'writeOffs',
    path: 'write-offs',
    icon: CheckSquareOutlined,
    permission: 'deductions.operate',
    articles: [11, 12],
  },
  openApi: {
    key: 'openApi',
    path: 'open-api',
    icon: ApiOutlined,
    permission: 'api-clients.manage',
  },
  monthlyReports: {
    key: 'monthlyReports',
    path: 'monthly-reports',
    icon: FileTextOutlined,
    permission: 'monthly-reports.draft',
    articles: [14],
  },
  redemptionMaterials: {
    key: 'redemptionMaterials',
    path: 'redemption',
    icon: FileDoneOutlined,
    permission: 'redemption.prepare',
    articles: [15],
  },
  plans: {
    key: 'plans',
    path: 'plans',
    icon: CalendarOutlined,
    permission: 'plans.read',
    articles: [6, 8],
  },
  supervision: {
    key: 'supervision',
    path: 'supervision',
    icon: FundProjectionScreenOutlined,
    permission: 'vouchers.supervise',
    articles: [3],
  },
  certificationReviews: {
    key: 'certificationReviews',
    path: 'certification-reviews',
    icon: SolutionOutlined,
    permission: 'reviews.certifications',
    articles: [10],
  },
  claimReviews: {
    key: 'claimReviews',
    path: 'claim-reviews',
    icon: FileSearchOutlined,
    permission: 'reviews.claims',
    articles: [10],
  },
  reportArchive: {
    key: 'reportArchive',
    path: 'monthly-reports',
    icon: ProfileOutlined,
    permission: 'monthly-reports.review',
    articles: [14],
  },
  redemptionReviews: {
    key: 'redemptionReviews',
    path: 'redemption-reviews',
    icon: FileProtectOutlined,
    permission: 'redemption.review',
    articles: [16],
  },
  starLists: {
    key: 'starLists',
    path: 'star-lists',
    icon: StarOutlined,
    permission: 'star-lists.read',
    articles: [1, 7, 9],
  },
  redemptionSummary: {
    key: 'redemptionSummary',
    path: 'redemption-summary',
    icon: ScheduleOutlined,
    permission: 'redemption.aggregate',
    articles: [17],
  },
  payments: {
    key: 'payments',
    path: 'payments',
    icon: PayCircleOutlined,
    permission: 'redemption.pay',
    articles: [18],
  },
  policy: {
    key: 'policy',
    path: 'policy',
    icon: ReadOutlined,
    permission: 'policy.read',
    articles: [8, 9, 11, 13],
  },
  notifications: {
    key: 'notifications',
    path: 'notifications',
    icon: BellOutlined,
    permission: 'notifications.self',
  },
  users: { key: 'users', path: 'users', icon: TeamOutlined, permission: 'users.manage' },
  audit: { key: 'audit', path: 'audit', icon: AuditOutlined, permission: 'audit.read' },
  account: { key: 'account', path: 'account', icon: UserOutlined, permission: 'account.self' },
};

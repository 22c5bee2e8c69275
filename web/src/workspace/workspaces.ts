import type { Role } from '../api/types';
import { FEATURES, type Feature, type FeatureKey } from './features';

export interface Workspace {
  role: Role;
  /** URL base, e.g. `/data-bureau`. */
  base: string;
  /** The role's own capabilities, in menu order (from mission.md). */
  features: FeatureKey[];
}

const OPERATOR: FeatureKey[] = [
  'voucherConfig',
  'writeOffs',
  'openApi',
  'monthlyReports',
  'redemptionMaterials',
  'policy',
];
const DATA_BUREAU: FeatureKey[] = [
  'plans',
  'certificationReviews',
  'claimReviews',
  'reportArchive',
  'redemptionReviews',
  'supervision',
  'policy',
];

export const WORKSPACES: Record<Role, Workspace> = {
  enterprise_agent: {
    role: 'enterprise_agent',
    base: '/enterprise',
    features: ['certification', 'claim', 'vouchers'],
  },
  operator_staff: { role: 'operator_staff', base: '/operator', features: OPERATOR },
  operator_admin: { role: 'operator_admin', base: '/operator-admin', features: OPERATOR },
  data_bureau_reviewer: {
    role: 'data_bureau_reviewer',
    base: '/data-bureau',
    features: DATA_BUREAU,
  },
  data_bureau_admin: {
    role: 'data_bureau_admin',
    base: '/data-bureau-admin',
    features: DATA_BUREAU,
  },
  drc_officer: { role: 'drc_officer', base: '/drc', features: ['starLists', 'redemptionSummary'] },
  finance_officer: { role: 'finance_officer', base: '/finance', features: ['payments'] },
  system_admin: { role: 'system_admin', base: '/admin', features: [] },
};

/** Capabilities that follow a permission, whatever the role; shown after the role's own. */
const BY_PERMISSION: FeatureKey[] = ['users', 'audit', 'notifications', 'account'];

function allowed(feature: Feature, permissions: readonly string[]): boolean {
  return feature.permission === undefined || permissions.includes(feature.permission);
}

/** The menu of a workspace for a user holding `permissions`. */
export function menuFeatures(role: Role, permissions: readonly string[]): Feature[] {
  const own = WORKSPACES[role].features.map((key) => FEATURES[key]);
  const shared = BY_PERMISSION.map((key) => FEATURES[key]).filter(
    (feature) => feature.permission !== undefined && permissions.includes(feature.permission),
  );
  return [...own.filter((feature) => allowed(feature, permissions)), ...shared];
}

/** Every feature that may be routed under a workspace (access is checked on the page). */
export function routableFeatures(role: Role): Feature[] {
  return [...WORKSPACES[role].features, ...BY_PERMISSION].map((key) => FEATURES[key]);
}

export function featureHref(role: Role, feature: Feature): string {
  return `${WORKSPACES[role].base}/${feature.path}`;
}

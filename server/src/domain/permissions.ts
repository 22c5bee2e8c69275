/**
 * Roles, permissions and the one table that maps them. Every route declares the permission
 * it needs (http/authz.ts); this table is the only place that says who holds it.
 * Object-level scoping (an enterprise sees only its own data) is done by the repositories.
 */
export const ROLES = [
  'enterprise_agent',
  'operator_staff',
  'operator_admin',
  'data_bureau_reviewer',
  'data_bureau_admin',
  'drc_officer',
  'finance_officer',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  enterprise_agent: { zh: '企业经办人', en: 'Enterprise agent' },
  operator_staff: { zh: '平台服务方经办人', en: 'Operator staff' },
  operator_admin: { zh: '平台服务方管理员', en: 'Operator administrator' },
  data_bureau_reviewer: { zh: '市数据局审核员', en: 'Data Bureau reviewer' },
  data_bureau_admin: { zh: '市数据局管理员', en: 'Data Bureau administrator' },
  drc_officer: { zh: '市发改委经办人', en: 'DRC officer' },
  finance_officer: { zh: '市财政局经办人', en: 'Finance officer' },
  system_admin: { zh: '系统管理员', en: 'System administrator' },
};

export type OrganisationKind = 'department' | 'operator' | 'enterprise' | 'platform';
export type DepartmentCode = 'data_bureau' | 'drc' | 'finance';

/** The organisation a role's user must belong to. */
export const ROLE_ORGANISATION: Record<
  Role,
  { kind: OrganisationKind; department?: DepartmentCode }
> = {
  enterprise_agent: { kind: 'enterprise' },
  operator_staff: { kind: 'operator' },
  operator_admin: { kind: 'operator' },
  data_bureau_reviewer: { kind: 'department', department: 'data_bureau' },
  data_bureau_admin: { kind: 'department', department: 'data_bureau' },
  drc_officer: { kind: 'department', department: 'drc' },
  finance_officer: { kind: 'department', department: 'finance' },
  system_admin: { kind: 'platform' },
};

export function roleFitsOrganisation(
  role: Role,
  organisation: { kind: OrganisationKind; departmentCode: DepartmentCode | null },
): boolean {
  const wanted = ROLE_ORGANISATION[role];
  if (wanted.kind !== organisation.kind) return false;
  return wanted.department === undefined || wanted.department === organisation.departmentCode;
}

/** Government and operator accounts must use a second factor in production. */
export function roleRequiresTotp(role: Role): boolean {
  return role !== 'enterprise_agent';
}

export const PERMISSIONS = [
  /** One's own account: profile, password, sessions, authenticator. */
  'account.self',
  /** Read one's own notifications. */
  'notifications.self',
  /** Create, edit, disable and reset department, operator and platform users. */
  'users.manage',
  /** Search the audit trail. */
  'audit.read',
  /** Read the programme policy in force and its history. */
  'policy.read',
  /** Publish a new policy version (applies to vouchers granted afterwards). */
  'policy.publish',
  /** Create, disable and rotate the operator's open-API clients. */
  'api-clients.manage',
  /** The operator clerk's page: look up an enterprise, deduct a bill, reverse. */
  'deductions.operate',
  /** An enterprise's own vouchers, tranches and usage. */
  'vouchers.own',
  /** Any enterprise's vouchers and the ledger, for supervision (F3). */
  'vouchers.supervise',
  /** One's own enterprise certification: upload documents, submit, resubmit, see every round. */
  'certification.own',
  /** The Data Bureau's certification queue: review, reveal personal data (audited), decide. */
  'reviews.certifications',
  /** Import, delete (drafts) and publish the DRC's star-list batches. */
  'star-lists.manage',
  /** Search, view and export star lists. */
  'star-lists.read',
  /** Create, approve and raise the budget of issuance plans. */
  'plans.manage',
  /** Issuance plans with their live budget view. */
  'plans.read',
  /** Configure and issue the voucher batch of an approved plan. */
  'voucher-batches.manage',
  /** Voucher batches and their offers. */
  'voucher-batches.read',
  /** Own offers and claims: upload the contract, submit, resubmit, see every round. */
  'claims.own',
  /** The Data Bureau's claim queue: review with the platform's checks, approve (grants), return. */
  'reviews.claims',
  /** Monthly operation reports: the list, each report with its rounds, the frozen documents. */
  'monthly-reports.read',
  /** Draft and correct a monthly report (part (a) and commentary). */
  'monthly-reports.draft',
  /** Submit (and resubmit) a monthly report to the Data Bureau. */
  'monthly-reports.submit',
  /** The Data Bureau's decision on a submitted report: 存档备查 or 退回 with a reason. */
  'monthly-reports.review',
  /** The year's redemption package: generate (preview or final), follow progress, download. */
  'redemption.prepare',
  /** Attest to the package's truth and submit it (fresh password + TOTP). */
  'redemption.submit',
  /** Redemption submissions, their steps, lines, documents and payment. */
  'redemption.read',
  /** The Data Bureau reviewer's line-by-line review: accept, reject, recognise a lower amount. */
  'redemption.review',
  /** The Data Bureau administrator's decision: approve and report to the DRC (TOTP), or return. */
  'redemption.approve',
  /** The DRC's aggregation: the 汇总表, send to Finance or return to the Data Bureau. */
  'redemption.aggregate',
  /** Finance: approve, record the payment to the operator, or return to the DRC. */
  'redemption.pay',
  /** 信息公开: publish or withdraw a year's recipients list on the public page. */
  'transparency.manage',
  /** The internal API's OpenAPI document (every route, its input rules and who may call it). */
  'api-docs.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: Permission[] = ['account.self', 'notifications.self'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  enterprise_agent: [...EVERYONE, 'vouchers.own', 'certification.own', 'claims.own'],
  operator_staff: [
    ...EVERYONE,
    'policy.read',
    'deductions.operate',
    'star-lists.read',
    'plans.read',
    'voucher-batches.read',
    'monthly-reports.read',
    'monthly-reports.draft',
    'redemption.prepare',
    'redemption.read',
  ],
  operator_admin: [
    ...EVERYONE,
    'policy.read',
    'deductions.operate',
    'api-clients.manage',
    'star-lists.read',
    'plans.read',
    'voucher-batches.read',
    'voucher-batches.manage',
    'monthly-reports.read',
    'monthly-reports.draft',
    'monthly-reports.submit',
    'redemption.prepare',
    'redemption.submit',
    'redemption.read',
  ],
  data_bureau_reviewer: [
    ...EVERYONE,
    'audit.read',
    'policy.read',
    'vouchers.supervise',
    'reviews.certifications',
    'reviews.claims',
    'star-lists.read',
    'plans.read',
    'voucher-batches.read',
    'monthly-reports.read',
    'monthly-reports.review',
    'redemption.read',
    'redemption.review',
  ],
  data_bureau_admin: [
    ...EVERYONE,
    'audit.read',
    'policy.read',
    'policy.publish',
    'vouchers.supervise',
    'reviews.certifications',
    'reviews.claims',
    'star-lists.read',
    'plans.read',
    'plans.manage',
    'voucher-batches.read',
    'monthly-reports.read',
    'monthly-reports.review',
    'redemption.read',
    'redemption.review',
    'redemption.approve',
    'transparency.manage',
    'api-docs.read',
  ],
  drc_officer: [
    ...EVERYONE,
    'policy.read',
    'star-lists.manage',
    'star-lists.read',
    'plans.read',
    'redemption.read',
    'redemption.aggregate',
  ],
  finance_officer: [...EVERYONE, 'policy.read', 'plans.read', 'redemption.read', 'redemption.pay'],
  system_admin: [...EVERYONE, 'users.manage', 'audit.read', 'api-docs.read'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

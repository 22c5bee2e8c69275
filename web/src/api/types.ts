/** The server's JSON shapes, as agreed in the API contract. */

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

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type OrganisationKind = 'department' | 'operator' | 'enterprise' | 'platform';

export type DepartmentCode = 'data_bureau' | 'drc' | 'finance';

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  /** Proposed addition: which department, so the role list can fit it exactly. */
  departmentCode?: DepartmentCode | null;
}

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  name: string;
  organisation: string;
  totp?: boolean;
  /** Proposed addition (demo only): the authenticator secret of a demo login with TOTP. */
  totpSecret?: string;
}

export interface SystemInfo {
  name: string;
  demo: boolean;
  fakeNow: string | null;
  now: string;
  version: string;
  demoLogins: DemoLogin[];
}

export type SignInStatus =
  | 'signed-in'
  | 'totp-required'
  | 'password-change-required'
  | 'totp-enrolment-required';

export interface CurrentUser {
  id: string;
  username: string;
  name: string;
  /** A role code; kept as string because the server may know roles this UI does not. */
  role: string;
  organisation: Organisation;
  twoFactorEnabled: boolean;
  totpEnrolmentRequired: boolean;
  /** Signed in with a temporary password from an administrator: it must be changed first. */
  passwordChangeRequired: boolean;
}

export interface Me {
  user: CurrentUser;
  permissions: string[];
}

export interface AccountSession {
  id: string;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface TotpEnrolment {
  totpUri: string;
  secret: string;
  backupCodes: string[];
}

export interface AdminUser {
  id: string;
  username: string;
  name: string;
  role: string;
  organisation: Organisation;
  disabled: boolean;
  twoFactorEnabled: boolean;
  /** Holds a temporary password not yet changed. */
  passwordChangeRequired: boolean;
  lockedUntil: string | null;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  id: string;
  seq: number;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  organisationId: string | null;
  organisationName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  ipAddress: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string;
}

export type TrancheStatus = 'pending' | 'active' | 'expired' | 'exhausted';

/** One year's share of a voucher (第1期、第2期). Amounts are integer fen. */
export interface Tranche {
  trancheId: string;
  seq: number;
  amount: number;
  used: number;
  voided: number;
  /** What can be deducted now: the balance while active, else 0. */
  available: number;
  /** Left in the tranche; for a pending tranche, what will become available. */
  balance: number;
  activeFrom: string;
  /** The first instant it is no longer valid (exclusive). */
  expiresAt: string;
  status: TrancheStatus;
}

export interface Voucher {
  voucherId: string;
  creditCode: string;
  enterpriseName: string;
  listYear: number;
  star: number;
  amount: number;
  grantedAt: string;
  policyVersion: string;
  tranches: Tranche[];
}

export interface VoucherSummary {
  available: number;
  pending: number;
  used: number;
  voided: number;
}

export interface VouchersResponse {
  vouchers: Voucher[];
  summary: VoucherSummary;
}

export type UsageType = 'deduction' | 'reversal';

/** A write-off (核销) or a reversal (冲正) of one, newest first. */
export interface UsageItem {
  type: UsageType;
  id: string;
  deductionId: string;
  orderNo: string;
  creditCode: string;
  enterpriseName: string;
  category: string;
  /** Bill amount (deductions only). */
  requested: number | null;
  /** Deducted, or reversed for a reversal. */
  amount: number;
  payable: number | null;
  /** Still reversible (deductions only). */
  reversible: number | null;
  restored: number | null;
  voided: number | null;
  reason: string | null;
  description: string | null;
  createdAt: string;
}

export interface DeductionResult {
  deductionId: string;
  orderNo: string;
  requested: number;
  deducted: number;
  payable: number;
  allocations: { trancheId: string; amount: number }[];
  availableAfter: number;
  createdAt: string;
}

export interface ReversalResult {
  reversalId: string;
  deductionId: string;
  amount: number;
  restored: number;
  voided: number;
  createdAt: string;
}

export interface ApiClient {
  id: string;
  keyId: string;
  name: string;
  status: 'active' | 'disabled';
  createdAt: string;
  rotatedAt: string | null;
  lastUsedAt: string | null;
}

export interface TrancheRule {
  shareBasisPoints: number;
  activeFromMonths: number;
  validForMonths: number;
}

/** The programme policy document (policy-rules.md): every “(policy)” choice. */
export interface PolicyDocument {
  version: string;
  title: string;
  documentNumber: string;
  timeZone: string;
  tierAmounts: Record<string, number>;
  oneVoucherPerEnterprisePerListYear: boolean;
  tranches: TrancheRule[];
  voidUnusedAtExpiry: boolean;
  expiryReminderDays: number[];
  eligibleCategories: string[];
  coverageCapBasisPoints: number;
  upload: { maxBytes: number; allowedTypes: string[] };
  monthlyReportDueDay: number;
}

export interface PolicyVersion {
  id: string;
  version: string;
  document: PolicyDocument;
  publishedAt: string;
  publishedBy: string | null;
  supersededAt: string | null;
  inForce: boolean;
}

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<AppNotification> {
  unread: number;
}

/**
 * The server's JSON shapes, taken from the generated contract (generated/internal.d.ts,
 * `npm run api:generate`) — never written by hand here (server/test/http/web-api-shapes.test.ts
 * fails if one comes back). Only UI-side constants (the role list) live beside them.
 */
import type { ItemOf, ResponseBody, Schema } from './contract';

export const ROLES = [
  'enterprise_agent',
  'operator_staff',
  'operator_admin',
  'data_bureau_reviewer',
  'data_bureau_admin',
  'drc_officer',
  'finance_officer',
  'system_admin',
] as const satisfies readonly ResponseBody<'/api/me'>['user']['role'][];
export type Role = (typeof ROLES)[number];

/** Every role the server knows is listed above (a compile error names the one missing). */
export const ROLES_COMPLETE: Record<
  Exclude<ResponseBody<'/api/me'>['user']['role'], Role>,
  never
> = {};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export type Organisation = ItemOf<ResponseBody<'/api/admin/organisations'>>;
export type OrganisationKind = Organisation['kind'];
export type DepartmentCode = NonNullable<Organisation['departmentCode']>;

export type SystemInfo = ResponseBody<'/api/system/info'>;
export type DemoLogin = SystemInfo['demoLogins'][number];

export type SignInStatus = ResponseBody<'/api/session/sign-in', 'post'>['status'];

export type Me = ResponseBody<'/api/me'>;
export type CurrentUser = Me['user'];

export type AccountSession = ItemOf<ResponseBody<'/api/account/sessions'>>;
export type TotpEnrolment = ResponseBody<'/api/account/totp/enrol', 'post'>;

export type AdminUser = ItemOf<ResponseBody<'/api/admin/users'>>;

export type AuditEvent = ItemOf<ResponseBody<'/api/audit'>>;
export type AuditOutcome = AuditEvent['outcome'];

export type VouchersResponse = ResponseBody<'/api/enterprise/vouchers'>;
export type Voucher = VouchersResponse['vouchers'][number];
/** One year's share of a voucher (第1期、第2期). Amounts are integer fen. */
export type Tranche = Voucher['tranches'][number];
export type TrancheStatus = Tranche['status'];
export type VoucherSummary = VouchersResponse['summary'];

/** A write-off (核销) or a reversal (冲正) of one, newest first. */
export type UsageItem = ItemOf<ResponseBody<'/api/enterprise/usage'>>;
export type UsageType = UsageItem['type'];

export type DeductionResult = ResponseBody<'/api/operator/deductions', 'post'>;
export type ReversalResult = ResponseBody<
  '/api/operator/deductions/{deductionId}/reversals',
  'post'
>;

export type ApiClient = ItemOf<ResponseBody<'/api/operator/api-clients'>>;

/** The programme policy document (policy-rules.md): every “(policy)” choice. */
export type PolicyVersion = ResponseBody<'/api/policies/current'>;
export type PolicyDocument = Schema<'PolicyDocument'>;
export type TrancheRule = PolicyDocument['tranches'][number];

export type NotificationPage = ResponseBody<'/api/notifications'>;
export type AppNotification = ItemOf<NotificationPage>;

/** Re-exported so pages can name any schema the server declares with `.meta({ id })`. */
export type { Schema };

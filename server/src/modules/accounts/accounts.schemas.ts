/**
 * Request and response shapes of the account routes, and the presenters that turn service
 * records into responses: only the fields named here ever leave the server (never a password
 * hash, a TOTP secret after enrolment, or a session token).
 */
import { z } from 'zod';
import { humanName } from '../../domain/names.js';
import { PASSWORD_MAX_LENGTH } from '../../domain/password.js';
import { ROLES } from '../../domain/permissions.js';
import { USERNAME_PATTERN } from '../../domain/sign-in.js';
import type { SessionView } from './auth.service.js';
import type { OrganisationRecord, Profile, UserRecord } from './users.records.js';

const password = z.string().min(1).max(PASSWORD_MAX_LENGTH);
const totpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, '6 位数字 six digits');
const instant = z.iso.datetime();
const id = z.string().min(1).max(100);

// ── Requests ───────────────────────────────────────────────────────────────────────────────

export const signInBody = z.object({
  username: z.string().trim().min(1).max(100).describe('Username or mobile number'),
  password,
});

export const totpSignInBody = z.object({
  code: z
    .string()
    .trim()
    .regex(
      /^(\d{6}|[A-Za-z0-9]{5}-[A-Za-z0-9]{5})$/,
      '6 位动态验证码或备用码 a 6-digit code or a backup code',
    ),
});

export const changePasswordBody = z.object({ currentPassword: password, newPassword: password });
export const passwordBody = z.object({ password });
export const totpConfirmBody = z.object({ code: totpCode });
export const idParams = z.object({ id });

export const userSearchQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const createUserBody = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(USERNAME_PATTERN, '3–30 个字母、数字或 . _ -，以字母开头 letters, digits, . _ -'),
  name: humanName(50),
  role: z.enum(ROLES),
  organisationId: id,
  mobile: z.string().trim().max(20).optional(),
  email: z.email().max(254).optional(),
});

export const updateUserBody = z
  .object({
    name: humanName(50).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: '没有要修改的内容',
  });

// ── Responses ──────────────────────────────────────────────────────────────────────────────

export const signInResponse = z.object({
  status: z.enum([
    'signed-in',
    'totp-required',
    'password-change-required',
    'totp-enrolment-required',
  ]),
});
export const signedInResponse = z.object({ status: z.literal('signed-in') });

const organisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['department', 'operator', 'enterprise', 'platform']),
  /** Which department (departments only), so the role list can fit it exactly. */
  departmentCode: z.enum(['data_bureau', 'drc', 'finance']).nullable(),
});

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisation: organisationSchema,
    twoFactorEnabled: z.boolean(),
    totpEnrolmentRequired: z.boolean(),
    passwordChangeRequired: z.boolean(),
  }),
  permissions: z.array(z.string()),
});

const sessionSchema = z.object({
  id: z.string(),
  createdAt: instant,
  lastActiveAt: instant,
  expiresAt: instant,
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const sessionsResponse = z.object({ items: z.array(sessionSchema) });

export const totpEnrolmentResponse = z.object({
  totpUri: z.string(),
  secret: z.string(),
  backupCodes: z.array(z.string()),
});

export const organisationsResponse = z.object({ items: z.array(organisationSchema) });

const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organisation: organisationSchema,
  disabled: z.boolean(),
  twoFactorEnabled: z.boolean(),
  passwordChangeRequired: z.boolean(),
  lockedUntil: instant.nullable(),
  createdAt: instant,
  lastSignInAt: instant.nullable(),
});
export const usersResponse = z.object({ items: z.array(adminUserSchema), total: z.number().int() });
export const userResponse = z.object({ user: adminUserSchema });
export const createdUserResponse = z.object({
  user: adminUserSchema,
  temporaryPassword: z.string(),
});
export const temporaryPasswordResponse = z.object({ temporaryPassword: z.string() });

// ── Presenters ─────────────────────────────────────────────────────────────────────────────

export function presentOrganisation(organisation: OrganisationRecord) {
  return {
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    departmentCode: organisation.departmentCode,
  };
}

export function presentProfile(profile: Profile, permissions: readonly string[]) {
  return {
    user: {
      id: profile.id,
      username: profile.username,
      name: profile.name,
      role: profile.role,
      organisation: presentOrganisation(profile.organisation),
      twoFactorEnabled: profile.twoFactorEnabled,
      totpEnrolmentRequired: profile.totpEnrolmentRequired,
      passwordChangeRequired: profile.passwordChangeRequired,
    },
    permissions: [...permissions],
  } satisfies z.infer<typeof meResponse>;
}

export function presentSession(session: SessionView) {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastActiveAt: session.lastActiveAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    ipAddress: session.ipAddress,
    userAgent: session.userAgent,
    current: session.current,
  } satisfies z.infer<typeof sessionSchema>;
}

export function presentUser(user: UserRecord) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    organisation: presentOrganisation(user.organisation),
    disabled: user.disabled,
    twoFactorEnabled: user.twoFactorEnabled,
    passwordChangeRequired: user.passwordChangeRequired,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  } satisfies z.infer<typeof adminUserSchema>;
}

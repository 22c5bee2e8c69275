/**
 * Making an account or an organisation with every rule checked, whoever asks: a system
 * administrator (a staff account with a temporary password), enterprise registration, the CLI
 * and the demo seed. The rules: the role fits the organisation, the password meets the policy,
 * the username, mobile and e-mail are free (and a race past that check is decided by the
 * unique constraints), names are normalised as every route schema does.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { accounts, organisations, users } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { isValidCreditCode, normaliseMobile } from '../../domain/identifiers.js';
import { normaliseName } from '../../domain/names.js';
import {
  checkPasswordStrength,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordProblem,
} from '../../domain/password.js';
import {
  type DepartmentCode,
  type OrganisationKind,
  type Role,
  roleFitsOrganisation,
} from '../../domain/permissions.js';
import { isValidUsername, normaliseUsername } from '../../domain/sign-in.js';
import { AppError, fieldError } from '../../errors.js';
import { noteAudit } from '../audit/audit.scope.js';
import type { Auth } from './auth.service.js';
import { type OrganisationRecord, type UserRecord, userById } from './users.records.js';

/**
 * better-auth requires a unique e-mail on every user; people without one get an address in
 * the reserved `.invalid` domain (RFC 2606) that can never receive mail and is never shown.
 */
const PLACEHOLDER_EMAIL_DOMAIN = 'users.yunquan.invalid';

export interface NewUser {
  username: string;
  name: string;
  role: Role;
  organisationId: string;
  mobile?: string | undefined;
  email?: string | undefined;
}

/** The unique constraint a PostgreSQL error violated, if that is what it was. */
function violatedUniqueConstraint(error: unknown): string | null {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const pgError = cause as Error & { code?: string; constraint?: string };
    if (pgError.code === '23505') return pgError.constraint ?? '';
  }
  return null;
}

export function weakPassword(field: string, problems: PasswordProblem[]): AppError {
  const errors = problems.map((problem) => ({
    field,
    message: PASSWORD_PROBLEM_MESSAGES[problem],
  }));
  return new AppError(
    'WEAK_PASSWORD',
    errors.map((e) => e.message).join('；'),
    { problems },
    errors,
  );
}

/** A name normalised as every schema does (domain/names.ts); empty after that is refused. */
export function requiredName(input: string, field: string): string {
  const name = normaliseName(input);
  if (name === '') {
    throw new AppError('VALIDATION_FAILED', `${field}: 不能为空（不可见字符不计）`, undefined, [
      { field, message: '不能为空（不可见字符不计）' },
    ]);
  }
  return name;
}

/** Finds an organisation by kind and name, creating it if there is none. */
export async function ensureOrganisation(
  db: DbOrTx,
  clock: Clock,
  input: {
    kind: OrganisationKind;
    name: string;
    departmentCode?: DepartmentCode;
    creditCode?: string;
  },
): Promise<OrganisationRecord> {
  if (input.creditCode !== undefined && !isValidCreditCode(input.creditCode)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `统一社会信用代码无效 Invalid credit code ${input.creditCode}`,
    );
  }
  // The CLI and the registration flows come here without a route schema: same normalisation.
  const name = requiredName(input.name, 'name');
  const columns = {
    id: organisations.id,
    name: organisations.name,
    kind: organisations.kind,
    departmentCode: organisations.departmentCode,
  };
  const [existing] = await db
    .select(columns)
    .from(organisations)
    .where(and(eq(organisations.kind, input.kind), eq(organisations.name, name)))
    .limit(1);
  if (existing) return existing;
  // A transaction (a savepoint in the caller's), so an audited creation carries its row
  // (D-audit-tx-4).
  const [created] = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(organisations)
      .values({
        id: randomUUID(),
        kind: input.kind,
        name,
        departmentCode: input.departmentCode ?? null,
        creditCode: input.creditCode ?? null,
        createdAt: clock.now(),
      })
      .returning(columns);
    noteAudit({ targetType: 'organisation', targetId: rows[0]?.id });
    return rows;
  });
  return created!;
}

/**
 * A new, uncertified enterprise for a registering agent: no credit code yet (certification
 * records it, organisation.certify.ts), named as the caller says. Always a new row — the
 * registration's placeholder name is not unique, so this never looks one up by name as
 * `ensureOrganisation` does. In the caller's transaction, whose audit row records it.
 */
export async function createUncertifiedEnterprise(
  db: DbOrTx,
  input: { id: string; name: string; createdAt: Date },
): Promise<void> {
  await db
    .insert(organisations)
    .values({ id: input.id, kind: 'enterprise', name: input.name, createdAt: input.createdAt });
}

/**
 * Creates a user who signs in with a password, after checking every rule: the role fits the
 * organisation, the password meets the policy, the username, mobile and e-mail are free.
 */
export async function createAccount(
  deps: { db: DbOrTx; clock: Clock; auth: Auth },
  input: NewUser & { password: string; passwordChangeRequired?: boolean },
): Promise<UserRecord> {
  const { db, clock, auth } = deps;
  const username = normaliseUsername(input.username);
  if (!isValidUsername(username)) {
    throw fieldError('body.username', '用户名须为 3–30 个字母、数字或 . _ -，以字母开头');
  }
  const mobile = input.mobile === undefined ? null : normaliseMobile(input.mobile);
  if (input.mobile !== undefined && mobile === null) {
    throw fieldError('body.mobile', '手机号码无效（应为 11 位，以 1 开头）');
  }
  const email = input.email?.trim().toLowerCase();
  const [organisation] = await db
    .select({ kind: organisations.kind, departmentCode: organisations.departmentCode })
    .from(organisations)
    .where(eq(organisations.id, input.organisationId))
    .limit(1);
  if (!organisation) {
    throw fieldError('body.organisationId', '所选单位不存在');
  }
  if (!roleFitsOrganisation(input.role, organisation)) {
    throw new AppError('ROLE_ORGANISATION_MISMATCH');
  }
  const strength = checkPasswordStrength(input.password);
  if (!strength.ok) throw weakPassword('body.password', strength.problems);
  await assertIdentifiersFree(db, username, mobile, email);

  const id = randomUUID();
  const now = clock.now();
  const passwordAccount = await auth.passwords.accountRowFor(id, input.password);
  try {
    await db.transaction(async (tx) => {
      await tx.insert(users).values({
        id,
        name: requiredName(input.name, 'body.name'),
        email: email ?? `${id}@${PLACEHOLDER_EMAIL_DOMAIN}`,
        username,
        displayUsername: username,
        role: input.role,
        organisationId: input.organisationId,
        mobile,
        passwordChangeRequired: input.passwordChangeRequired ?? false,
        createdAt: now,
        updatedAt: now,
      });
      await tx.insert(accounts).values(passwordAccount);
      // The new account's audit row commits with it (D-audit-tx-1).
      noteAudit({ targetType: 'user', targetId: id });
    });
  } catch (error) {
    // Two creations racing past assertIdentifiersFree: the constraint decides.
    const constraint = violatedUniqueConstraint(error);
    if (constraint?.includes('username')) throw new AppError('USERNAME_TAKEN');
    if (constraint?.includes('email')) throw new AppError('EMAIL_TAKEN');
    throw error;
  }
  return userById(db, clock, id);
}

async function assertIdentifiersFree(
  db: DbOrTx,
  username: string,
  mobile: string | null,
  email: string | undefined,
): Promise<void> {
  const clashes = await db
    .select({ username: users.username, mobile: users.mobile, email: users.email })
    .from(users)
    .where(
      or(
        eq(users.username, username),
        mobile ? eq(users.mobile, mobile) : undefined,
        email ? eq(users.email, email) : undefined,
      ),
    );
  if (clashes.some((row) => row.username === username)) throw new AppError('USERNAME_TAKEN');
  if (mobile && clashes.some((row) => row.mobile === mobile)) throw new AppError('MOBILE_TAKEN');
  if (email && clashes.some((row) => row.email === email)) throw new AppError('EMAIL_TAKEN');
}

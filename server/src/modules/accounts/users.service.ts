/**
 * Accounts of department, operator and platform staff, managed by system administrators, and
 * each person's own password. Enterprise agents are listed here read-only: their accounts
 * come from enterprise registration.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, ilike, ne, or, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { accounts, organisations, users } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { isValidCreditCode, normaliseMobile } from '../../domain/identifiers.js';
import { normaliseName } from '../../domain/names.js';
import {
  checkPasswordStrength,
  generateTemporaryPassword,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordProblem,
} from '../../domain/password.js';
import {
  type DepartmentCode,
  isRole,
  type OrganisationKind,
  ROLE_ORGANISATION,
  type Role,
  roleFitsOrganisation,
} from '../../domain/permissions.js';
import { isLocked, isValidUsername, normaliseUsername } from '../../domain/sign-in.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../http/types.js';
import type { Auth } from './auth.service.js';

/**
 * better-auth requires a unique e-mail on every user; people without one get an address in
 * the reserved `.invalid` domain (RFC 2606) that can never receive mail and is never shown.
 */
const PLACEHOLDER_EMAIL_DOMAIN = 'users.yunquan.invalid';

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  role: Role;
  organisation: OrganisationRecord;
  disabled: boolean;
  twoFactorEnabled: boolean;
  /** Holds a temporary password from an administrator, to be changed at the next sign-in. */
  passwordChangeRequired: boolean;
  /** Set while a lockout is in force; an expired lock reads as null. */
  lockedUntil: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export interface Profile {
  id: string;
  username: string;
  name: string;
  role: Role;
  organisation: OrganisationRecord;
  twoFactorEnabled: boolean;
  totpEnrolmentRequired: boolean;
  passwordChangeRequired: boolean;
}

export interface NewUser {
  username: string;
  name: string;
  role: Role;
  organisationId: string;
  mobile?: string | undefined;
  email?: string | undefined;
}

export interface UserSearch {
  q?: string | undefined;
  role?: Role | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface UserChanges {
  name?: string | undefined;
  role?: Role | undefined;
  disabled?: boolean | undefined;
}

export interface UsersServiceDeps {
  config: Config;
  clock: Clock;
  database: Database;
  auth: Auth;
}

const userColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  role: users.role,
  disabled: users.disabled,
  twoFactorEnabled: users.twoFactorEnabled,
  passwordChangeRequired: users.passwordChangeRequired,
  lockedUntil: users.lockedUntil,
  createdAt: users.createdAt,
  lastSignInAt: users.lastSignInAt,
  organisationId: organisations.id,
  organisationName: organisations.name,
  organisationKind: organisations.kind,
  organisationDepartment: organisations.departmentCode,
};

interface UserRow {
  id: string;
  username: string | null;
  name: string;
  role: string;
  disabled: boolean;
  twoFactorEnabled: boolean;
  passwordChangeRequired: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  organisationDepartment: DepartmentCode | null;
}

/** Makes user input literal inside a LIKE pattern (backslash is PostgreSQL's default escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

/** The unique constraint a PostgreSQL error violated, if that is what it was. */
function violatedUniqueConstraint(error: unknown): string | null {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const pgError = cause as Error & { code?: string; constraint?: string };
    if (pgError.code === '23505') return pgError.constraint ?? '';
  }
  return null;
}

function weakPassword(field: string, problems: PasswordProblem[]): AppError {
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

export class UsersService {
  private readonly clock: Clock;
  private readonly database: Database;
  private readonly auth: Auth;

  constructor(deps: UsersServiceDeps) {
    this.clock = deps.clock;
    this.database = deps.database;
    this.auth = deps.auth;
  }

  private get db() {
    return this.database.db;
  }

  // ── Administration (system administrators) ─────────────────────────────────────────────

  /** The organisations whose staff administrators manage: departments, the operator, the platform. */
  async listOrganisations(): Promise<OrganisationRecord[]> {
    return this.db
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(ne(organisations.kind, 'enterprise'))
      .orderBy(asc(organisations.kind), asc(organisations.name));
  }

  async listUsers(search: UserSearch): Promise<{ items: UserRecord[]; total: number }> {
    const conditions: (SQL | undefined)[] = [];
    if (search.role) conditions.push(eq(users.role, search.role));
    const q = search.q?.trim();
    if (q) {
      const pattern = `%${likeLiteral(q)}%`;
      conditions.push(
        or(
          ilike(users.username, pattern),
          ilike(users.name, pattern),
          ilike(users.mobile, pattern),
        ),
      );
    }
    const where = and(...conditions);
    const [counted] = await this.db.select({ total: count() }).from(users).where(where);
    const rows = await this.db
      .select(userColumns)
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(where)
      .orderBy(desc(users.createdAt), asc(users.id))
      .limit(search.pageSize)
      .offset((search.page - 1) * search.pageSize);
    return { items: rows.map((row) => this.toRecord(row)), total: counted?.total ?? 0 };
  }

  /**
   * Creates a staff account with a temporary password, returned once and never stored plain;
   * the person must replace it at first sign-in.
   */
  async createUser(input: NewUser): Promise<{ user: UserRecord; temporaryPassword: string }> {
    if (ROLE_ORGANISATION[input.role].kind === 'enterprise') {
      throw new AppError(
        'FORBIDDEN',
        '企业账号由企业自行注册 Enterprise accounts come from registration',
      );
    }
    const temporaryPassword = generateTemporaryPassword((n) => randomInt(n));
    const user = await this.createAccount({
      ...input,
      password: temporaryPassword,
      passwordChangeRequired: true,
    });
    return { user, temporaryPassword };
  }

  async updateUser(actor: Actor, userId: string, changes: UserChanges): Promise<UserRecord> {
    const target = await this.manageableUser(userId);
    const isSelf = userId === actor.userId;
    if (changes.disabled === true && isSelf) throw new AppError('CANNOT_DISABLE_SELF');
    if (changes.role !== undefined && changes.role !== target.role) {
      // An administrator demoting themselves could leave nobody able to manage accounts.
      if (isSelf) throw new AppError('CANNOT_CHANGE_OWN_ROLE');
      if (!roleFitsOrganisation(changes.role, target.organisationForRoles)) {
        throw new AppError('ROLE_ORGANISATION_MISMATCH');
      }
    }
    await this.db
      .update(users)
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        updatedAt: this.clock.now(),
      })
      .where(eq(users.id, userId));
    if (changes.disabled === true) await this.auth.sessions.endAllOf(userId);
    return this.userById(userId);
  }

  /**
   * A new temporary password, to be changed at the next sign-in; every session of the user
   * ends and any lock is lifted. The obligation is recorded before the password changes, so
   * the temporary password never works without it.
   */
  async resetPassword(userId: string): Promise<{ temporaryPassword: string }> {
    await this.manageableUser(userId);
    const temporaryPassword = generateTemporaryPassword((n) => randomInt(n));
    await this.db
      .update(users)
      .set({
        passwordChangeRequired: true,
        failedSignInCount: 0,
        lockedUntil: null,
        updatedAt: this.clock.now(),
      })
      .where(eq(users.id, userId));
    await this.auth.passwords.set(userId, temporaryPassword);
    await this.auth.sessions.endAllOf(userId);
    return { temporaryPassword };
  }

  async unlock(userId: string): Promise<void> {
    await this.manageableUser(userId);
    await this.clearLock(userId);
  }

  // ── One's own account ──────────────────────────────────────────────────────────────────

  async profileOf(actor: Actor): Promise<Profile> {
    const user = await this.userById(actor.userId);
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      role: user.role,
      organisation: user.organisation,
      twoFactorEnabled: user.twoFactorEnabled,
      totpEnrolmentRequired: actor.totpEnrolmentRequired,
      passwordChangeRequired: user.passwordChangeRequired,
    };
  }

  /**
   * Checks the current password, sets the new one (which must differ from it, so a temporary
   * password cannot be kept), lifts the obligation to change it, and ends every other session.
   */
  async changeOwnPassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const strength = checkPasswordStrength(newPassword);
    if (!strength.ok) throw weakPassword('body.newPassword', strength.problems);
    if (!(await this.auth.passwords.verify(actor.userId, currentPassword))) {
      throw new AppError('INVALID_CREDENTIALS', '当前密码错误 The current password is wrong');
    }
    if (newPassword === currentPassword) {
      throw new AppError(
        'VALIDATION_FAILED',
        'newPassword: 新密码不能与当前密码相同 The new password must differ from the current one',
        undefined,
        [{ field: 'body.newPassword', message: 'same as the current password' }],
      );
    }
    await this.auth.passwords.set(actor.userId, newPassword);
    await this.db
      .update(users)
      .set({ passwordChangeRequired: false, updatedAt: this.clock.now() })
      .where(eq(users.id, actor.userId));
    await this.auth.sessions.endAllOf(actor.userId, { except: actor.sessionId });
  }

  // ── For seeding and other modules ──────────────────────────────────────────────────────

  async hasAnyUser(): Promise<boolean> {
    const [row] = await this.db.select({ id: users.id }).from(users).limit(1);
    return row !== undefined;
  }

  /** Finds an organisation by kind and name, creating it if there is none. */
  async ensureOrganisation(input: {
    kind: OrganisationKind;
    name: string;
    departmentCode?: DepartmentCode;
    creditCode?: string;
  }): Promise<OrganisationRecord> {
    if (input.creditCode !== undefined && !isValidCreditCode(input.creditCode)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `统一社会信用代码无效 Invalid credit code ${input.creditCode}`,
      );
    }
    // The CLI and the registration flows come here without a route schema: same normalisation.
    const name = requiredName(input.name, 'name');
    const columns = { id: organisations.id, name: organisations.name, kind: organisations.kind };
    const [existing] = await this.db
      .select(columns)
      .from(organisations)
      .where(and(eq(organisations.kind, input.kind), eq(organisations.name, name)))
      .limit(1);
    if (existing) return existing;
    const [created] = await this.db
      .insert(organisations)
      .values({
        id: randomUUID(),
        kind: input.kind,
        name,
        departmentCode: input.departmentCode ?? null,
        creditCode: input.creditCode ?? null,
        createdAt: this.clock.now(),
      })
      .returning(columns);
    return created!;
  }

  /**
   * Creates a user who signs in with a password, after checking every rule: the role fits the
   * organisation, the password meets the policy, the username, mobile and e-mail are free.
   */
  async createAccount(
    input: NewUser & { password: string; passwordChangeRequired?: boolean },
  ): Promise<UserRecord> {
    const username = normaliseUsername(input.username);
    if (!isValidUsername(username)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'username: 3–30 个字母、数字或 . _ -，以字母开头',
        undefined,
        [{ field: 'body.username', message: 'invalid username' }],
      );
    }
    const mobile = input.mobile === undefined ? null : normaliseMobile(input.mobile);
    if (input.mobile !== undefined && mobile === null) {
      throw new AppError(
        'VALIDATION_FAILED',
        'mobile: 手机号无效 Invalid mobile number',
        undefined,
        [{ field: 'body.mobile', message: 'invalid mobile number' }],
      );
    }
    const email = input.email?.trim().toLowerCase();
    const [organisation] = await this.db
      .select({ kind: organisations.kind, departmentCode: organisations.departmentCode })
      .from(organisations)
      .where(eq(organisations.id, input.organisationId))
      .limit(1);
    if (!organisation) {
      throw new AppError(
        'VALIDATION_FAILED',
        'organisationId: 单位不存在 No such organisation',
        undefined,
        [{ field: 'body.organisationId', message: 'no such organisation' }],
      );
    }
    if (!roleFitsOrganisation(input.role, organisation)) {
      throw new AppError('ROLE_ORGANISATION_MISMATCH');
    }
    const strength = checkPasswordStrength(input.password);
    if (!strength.ok) throw weakPassword('body.password', strength.problems);
    await this.assertIdentifiersFree(username, mobile, email);

    const id = randomUUID();
    const now = this.clock.now();
    const passwordAccount = await this.auth.passwords.accountRowFor(id, input.password);
    try {
      await this.db.transaction(async (tx) => {
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
      });
    } catch (error) {
      // Two creations racing past assertIdentifiersFree: the constraint decides.
      const constraint = violatedUniqueConstraint(error);
      if (constraint?.includes('username')) throw new AppError('USERNAME_TAKEN');
      if (constraint?.includes('email')) throw new AppError('EMAIL_TAKEN');
      throw error;
    }
    return this.userById(id);
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────

  private async assertIdentifiersFree(
    username: string,
    mobile: string | null,
    email: string | undefined,
  ): Promise<void> {
    const clashes = await this.db
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

  private async clearLock(userId: string): Promise<void> {
    await this.db
      .update(users)
      .set({ failedSignInCount: 0, lockedUntil: null, updatedAt: this.clock.now() })
      .where(eq(users.id, userId));
  }

  private async findUser(userId: string) {
    const [row] = await this.db
      .select(userColumns)
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, userId))
      .limit(1);
    return row;
  }

  private async userById(userId: string): Promise<UserRecord> {
    const row = await this.findUser(userId);
    if (!row) throw new AppError('NOT_FOUND', '用户不存在 No such user');
    return this.toRecord(row);
  }

  /**
   * A user an administrator may change. Enterprise agents exist but are not theirs to change:
   * that is refused rather than hidden, since the list shows them.
   */
  private async manageableUser(userId: string) {
    const row = await this.findUser(userId);
    if (!row) throw new AppError('NOT_FOUND', '用户不存在 No such user');
    if (row.organisationKind === 'enterprise') {
      throw new AppError(
        'FORBIDDEN',
        '企业账号由企业自行管理 Enterprise accounts are managed by the enterprise',
      );
    }
    return {
      ...this.toRecord(row),
      organisationForRoles: {
        kind: row.organisationKind,
        departmentCode: row.organisationDepartment,
      },
    };
  }

  private toRecord(row: UserRow): UserRecord {
    if (!isRole(row.role) || !row.username) {
      throw new Error(`user ${row.id} has no valid role or username`);
    }
    const lockedUntil = isLocked(row.lockedUntil, this.clock.now()) ? row.lockedUntil : null;
    return {
      id: row.id,
      username: row.username,
      name: row.name,
      role: row.role,
      organisation: {
        id: row.organisationId,
        name: row.organisationName,
        kind: row.organisationKind,
      },
      disabled: row.disabled,
      twoFactorEnabled: row.twoFactorEnabled,
      passwordChangeRequired: row.passwordChangeRequired,
      lockedUntil,
      createdAt: row.createdAt,
      lastSignInAt: row.lastSignInAt,
    };
  }
}

/** A name normalised as every schema does (domain/names.ts); empty after that is refused. */
function requiredName(input: string, field: string): string {
  const name = normaliseName(input);
  if (name === '') {
    throw new AppError('VALIDATION_FAILED', `${field}: 不能为空（不可见字符不计）`, undefined, [
      { field, message: '不能为空（不可见字符不计）' },
    ]);
  }
  return name;
}

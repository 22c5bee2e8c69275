/**
 * Accounts of department, operator and platform staff, managed by system administrators, and
 * each person's own password. Enterprise agents are listed here read-only: their accounts
 * come from enterprise registration. How an account is read is in users.records.ts; how one
 * is made (for administrators, registration, the CLI and the seed) in account-creation.ts.
 */
import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { checkPasswordStrength, generateTemporaryPassword } from '../../domain/password.js';
import {
  type DepartmentCode,
  type OrganisationKind,
  ROLE_ORGANISATION,
  type Role,
  roleFitsOrganisation,
} from '../../domain/permissions.js';
import { AppError, fieldError } from '../../errors.js';
import type { Actor } from '../../http/types.js';
import {
  createAccount,
  createUncertifiedEnterprise,
  ensureOrganisation,
  type NewUser,
  weakPassword,
} from './account-creation.js';
import type { Auth } from './auth.service.js';
import {
  findUserRow,
  listOrganisations,
  listUsers,
  type OrganisationRecord,
  type Profile,
  toUserRecord,
  type UserRecord,
  type UserSearch,
  userById,
} from './users.records.js';

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

  listOrganisations(): Promise<OrganisationRecord[]> {
    return listOrganisations(this.db);
  }

  listUsers(search: UserSearch): Promise<{ items: UserRecord[]; total: number }> {
    return listUsers(this.db, this.clock, search);
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
    // One transaction: the change, the sessions a disabling ends, and the audit row commit
    // together (D-audit-tx-4).
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.role !== undefined ? { role: changes.role } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
          updatedAt: this.clock.now(),
        })
        .where(eq(users.id, userId));
      if (changes.disabled === true) await this.auth.sessions.endAllOf(tx, userId);
    });
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
    const hash = await this.auth.passwords.hash(temporaryPassword);
    // One transaction (D-audit-tx-4): the obligation, the password and the ended sessions
    // commit together with the audit row, so the temporary password never works without the
    // obligation either.
    await this.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          passwordChangeRequired: true,
          failedSignInCount: 0,
          lockedUntil: null,
          updatedAt: this.clock.now(),
        })
        .where(eq(users.id, userId));
      await this.auth.passwords.store(tx, userId, hash);
      await this.auth.sessions.endAllOf(tx, userId);
    });
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
      throw fieldError('body.newPassword', '新密码不能与当前密码相同');
    }
    const hash = await this.auth.passwords.hash(newPassword);
    // The new password, the lifted obligation, the other sessions ended and the audit row
    // commit together (D-audit-tx-4).
    await this.db.transaction(async (tx) => {
      await this.auth.passwords.store(tx, actor.userId, hash);
      await tx
        .update(users)
        .set({ passwordChangeRequired: false, updatedAt: this.clock.now() })
        .where(eq(users.id, actor.userId));
      await this.auth.sessions.endAllOf(tx, actor.userId, { except: actor.sessionId });
    });
  }

  // ── For seeding and other modules ──────────────────────────────────────────────────────

  async hasAnyUser(): Promise<boolean> {
    const [row] = await this.db.select({ id: users.id }).from(users).limit(1);
    return row !== undefined;
  }

  /** Finds an organisation by kind and name, creating it if there is none. */
  ensureOrganisation(input: {
    kind: OrganisationKind;
    name: string;
    departmentCode?: DepartmentCode;
    creditCode?: string;
  }): Promise<OrganisationRecord> {
    return ensureOrganisation(this.db, this.clock, input);
  }

  /** A new, uncertified enterprise for a registering agent, in the caller's transaction. */
  createUncertifiedEnterprise(
    input: { id: string; name: string; createdAt: Date },
    db: DbOrTx,
  ): Promise<void> {
    return createUncertifiedEnterprise(db, input);
  }

  /**
   * Creates a user who signs in with a password, every rule checked (account-creation.ts);
   * in the caller's transaction when given one.
   */
  createAccount(
    input: NewUser & { password: string; passwordChangeRequired?: boolean },
    db: DbOrTx = this.db,
  ): Promise<UserRecord> {
    return createAccount({ db, clock: this.clock, auth: this.auth }, input);
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────

  private async clearLock(userId: string): Promise<void> {
    // A transaction of its own, for the unlock's audit row (D-audit-tx-4).
    await this.db.transaction((tx) =>
      tx
        .update(users)
        .set({ failedSignInCount: 0, lockedUntil: null, updatedAt: this.clock.now() })
        .where(eq(users.id, userId)),
    );
  }

  private userById(userId: string): Promise<UserRecord> {
    return userById(this.db, this.clock, userId);
  }

  /**
   * A user an administrator may change. Enterprise agents exist but are not theirs to change:
   * that is refused rather than hidden, since the list shows them.
   */
  private async manageableUser(userId: string) {
    const row = await findUserRow(this.db, userId);
    if (!row) throw new AppError('NOT_FOUND', '用户不存在 No such user');
    if (row.organisationKind === 'enterprise') {
      throw new AppError(
        'FORBIDDEN',
        '企业账号由企业自行管理 Enterprise accounts are managed by the enterprise',
      );
    }
    return {
      ...toUserRecord(row, this.clock.now()),
      organisationForRoles: {
        kind: row.organisationKind,
        departmentCode: row.organisationDepartment,
      },
    };
  }
}

/**
 * How a person's account is read: the user and organisation records other code sees, the
 * row they are made from (user joined to organisation), and the administrators' searches. A
 * lock that has run out reads as no lock, so the record needs the time it is read at.
 */
import { and, asc, count, desc, eq, ilike, ne, or, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, users } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import {
  type DepartmentCode,
  isRole,
  type OrganisationKind,
  type Role,
} from '../../domain/permissions.js';
import { isLocked } from '../../domain/sign-in.js';
import { AppError } from '../../errors.js';

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
  departmentCode: DepartmentCode | null;
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

export interface UserSearch {
  q?: string | undefined;
  role?: Role | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
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

export interface UserRow {
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

/** The user with their organisation, or undefined. */
export async function findUserRow(db: DbOrTx, userId: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select(userColumns)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
    .limit(1);
  return row;
}

export async function userById(db: DbOrTx, clock: Clock, userId: string): Promise<UserRecord> {
  const row = await findUserRow(db, userId);
  if (!row) throw new AppError('NOT_FOUND', '用户不存在 No such user');
  return toUserRecord(row, clock.now());
}

/** The organisations whose staff administrators manage: departments, the operator, the platform. */
export async function listOrganisations(db: Db): Promise<OrganisationRecord[]> {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      departmentCode: organisations.departmentCode,
    })
    .from(organisations)
    .where(ne(organisations.kind, 'enterprise'))
    .orderBy(asc(organisations.kind), asc(organisations.name));
}

export async function listUsers(
  db: Db,
  clock: Clock,
  search: UserSearch,
): Promise<{ items: UserRecord[]; total: number }> {
  const conditions: (SQL | undefined)[] = [];
  if (search.role) conditions.push(eq(users.role, search.role));
  const q = search.q?.trim();
  if (q) {
    const pattern = `%${likeLiteral(q)}%`;
    conditions.push(
      or(ilike(users.username, pattern), ilike(users.name, pattern), ilike(users.mobile, pattern)),
    );
  }
  const where = and(...conditions);
  const [counted] = await db.select({ total: count() }).from(users).where(where);
  const rows = await db
    .select(userColumns)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(where)
    .orderBy(desc(users.createdAt), asc(users.id))
    .limit(search.pageSize)
    .offset((search.page - 1) * search.pageSize);
  return { items: rows.map((row) => toUserRecord(row, clock.now())), total: counted?.total ?? 0 };
}

export function toUserRecord(row: UserRow, now: Date): UserRecord {
  if (!isRole(row.role) || !row.username) {
    throw new Error(`user ${row.id} has no valid role or username`);
  }
  const lockedUntil = isLocked(row.lockedUntil, now) ? row.lockedUntil : null;
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    organisation: {
      id: row.organisationId,
      name: row.organisationName,
      kind: row.organisationKind,
      departmentCode: row.organisationDepartment,
    },
    disabled: row.disabled,
    twoFactorEnabled: row.twoFactorEnabled,
    passwordChangeRequired: row.passwordChangeRequired,
    lockedUntil,
    createdAt: row.createdAt,
    lastSignInAt: row.lastSignInAt,
  };
}

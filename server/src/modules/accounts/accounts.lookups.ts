/**
 * What other modules may ask about users and organisations, so that they need not read the
 * accounts tables themselves (issue 11 item 2): whether a mobile, an e-mail or a credit code is
 * taken, an organisation's name and certification facts, the people to notify or text. Each
 * function takes the `RawSql` to run on, so a caller inside a transaction asks inside it.
 * Reading only; accounts are made in account-creation.ts, certified in organisation.certify.ts.
 */
import type { RawSql } from '../../db/client.js';
import type { DepartmentCode, OrganisationKind } from '../../domain/permissions.js';

export interface OrganisationFacts {
  id: string;
  name: string;
  creditCode: string | null;
  certifiedAt: Date | null;
}

/** An organisation's name, credit code and certification date; with `kind`, only of that kind. */
export async function organisationFacts(
  sql: RawSql,
  organisationId: string,
  kind?: OrganisationKind,
): Promise<OrganisationFacts | null> {
  const [row] = await sql.query<{
    id: string;
    name: string;
    credit_code: string | null;
    certified_at: Date | null;
  }>(
    `SELECT id, name, credit_code, certified_at FROM organisations
      WHERE id = $1 AND ($2::text IS NULL OR kind = $2)`,
    [organisationId, kind ?? null],
  );
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    certifiedAt: row.certified_at ? new Date(row.certified_at) : null,
  };
}

/** Whether an organisation other than `organisationId` holds this credit code. */
export async function creditCodeHeldByAnother(
  sql: RawSql,
  creditCode: string,
  organisationId: string,
): Promise<boolean> {
  const [taken] = await sql.query(
    'SELECT 1 FROM organisations WHERE credit_code = $1 AND id <> $2 LIMIT 1',
    [creditCode, organisationId],
  );
  return taken !== undefined;
}

/** Whether an enterprise organisation has this credit code. */
export async function enterpriseHasCreditCode(sql: RawSql, creditCode: string): Promise<boolean> {
  const [row] = await sql.query(
    `SELECT 1 FROM organisations WHERE kind = 'enterprise' AND credit_code = $1`,
    [creditCode],
  );
  return row !== undefined;
}

/** Whether the organisation is a platform operator (服务方). */
export async function isOperator(sql: RawSql, organisationId: string): Promise<boolean> {
  const [row] = await sql.query(`SELECT 1 FROM organisations WHERE id = $1 AND kind = 'operator'`, [
    organisationId,
  ]);
  return row !== undefined;
}

/** Every operator, by name. */
export async function operators(sql: RawSql): Promise<Array<{ id: string; name: string }>> {
  return sql.query<{ id: string; name: string }>(
    `SELECT id, name FROM organisations WHERE kind = 'operator' ORDER BY name`,
  );
}

/** Whether any user has this mobile number. */
export async function mobileTaken(sql: RawSql, mobile: string): Promise<boolean> {
  const [taken] = await sql.query('SELECT 1 FROM users WHERE mobile = $1 LIMIT 1', [mobile]);
  return taken !== undefined;
}

/** Whether any user has this e-mail address (as stored: lower case). */
export async function emailTaken(sql: RawSql, email: string): Promise<boolean> {
  const [taken] = await sql.query('SELECT 1 FROM users WHERE email = $1 LIMIT 1', [email]);
  return taken !== undefined;
}

/** The ids of an organisation's users who are not disabled. */
export async function activeUserIdsOf(sql: RawSql, organisationId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    'SELECT id FROM users WHERE organisation_id = $1 AND NOT disabled',
    [organisationId],
  );
  return rows.map((row) => row.id);
}

/** The active users of a department with one of these roles. */
export async function activeDepartmentUsers(
  sql: RawSql,
  department: DepartmentCode,
  roles: readonly string[],
): Promise<Array<{ id: string; role: string }>> {
  return sql.query<{ id: string; role: string }>(
    `SELECT u.id, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id
      WHERE o.kind = 'department' AND o.department_code = $1 AND NOT u.disabled
        AND u.role = ANY($2::text[])`,
    [department, [...roles]],
  );
}

/** How to reach a user: mobile and e-mail as stored; null when there is no such user. */
export async function userContact(
  sql: RawSql,
  userId: string,
): Promise<{ mobile: string | null; email: string } | null> {
  const [row] = await sql.query<{ mobile: string | null; email: string }>(
    'SELECT mobile, email FROM users WHERE id = $1',
    [userId],
  );
  return row ?? null;
}

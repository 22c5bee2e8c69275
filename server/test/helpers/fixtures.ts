/** Test data builders: valid identifiers and the rows the ledger needs around a voucher. */
import { randomUUID } from 'node:crypto';
import type { RawSql } from '../../src/db/client.js';
import { creditCodeCheckChar } from '../../src/domain/identifiers.js';

/** A valid unified social credit code for Haian (320621), distinct for each n. */
export function creditCodeFor(n: number): string {
  const first17 = `91320621${String(n).padStart(9, '0')}`;
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`no check character for ${first17}`);
  return first17 + check;
}

export async function createOrganisation(
  sql: RawSql,
  input: {
    kind: 'enterprise' | 'operator' | 'department' | 'platform';
    name: string;
    creditCode?: string | null;
    departmentCode?: 'data_bureau' | 'drc' | 'finance' | null;
    id?: string;
  },
): Promise<string> {
  const id = input.id ?? randomUUID();
  await sql.query(
    `INSERT INTO organisations (id, kind, department_code, name, credit_code, created_at)
     VALUES ($1, $2, $3, $4, $5, now())`,
    [id, input.kind, input.departmentCode ?? null, input.name, input.creditCode ?? null],
  );
  return id;
}

export async function createEnterprise(sql: RawSql, n: number, name = `测试企业${n}有限公司`) {
  const creditCode = creditCodeFor(n);
  const id = await createOrganisation(sql, { kind: 'enterprise', name, creditCode });
  return { id, creditCode, name };
}

/** A bare user row (no password): enough to receive notifications. */
export async function createUserRow(
  sql: RawSql,
  input: { organisationId: string; role: string; name?: string },
): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `INSERT INTO users (id, name, email, role, organisation_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, now(), now())`,
    [id, input.name ?? '测试用户', `${id}@users.invalid`, input.role, input.organisationId],
  );
  return id;
}

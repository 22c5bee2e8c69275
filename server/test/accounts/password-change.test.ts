/**
 * A temporary password set by a system administrator (a new account, a reset) must be changed
 * at the next sign-in: until then every route but who-am-I, the change itself and sign-out
 * answers 403 PASSWORD_CHANGE_REQUIRED and changes nothing. (The CLI's part is in
 * test/cli/cli.test.ts; the order with a required TOTP enrolment in totp.test.ts.)
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema/index.js';
import type { RegisteredRoute } from '../../src/http/access.js';
import {
  createTestUser,
  organisationFor,
  problemOf,
  signedInAs,
  TestClient,
  type TestUser,
} from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await signedInAs(t.app, 'system_admin')).client;
});
afterAll(async () => {
  await t.close();
});

const NEW_PASSWORD = 'Chosen-pass-2026';

/** The routes a person with a temporary password may still call (besides public ones). */
const OPEN_DURING_CHANGE = new Set(['GET /api/me', 'POST /api/account/password']);

async function flagOf(userId: string): Promise<boolean | undefined> {
  const [row] = await t.db.database.db
    .select({ flag: users.passwordChangeRequired })
    .from(users)
    .where(eq(users.id, userId));
  return row?.flag;
}

/** A user of the role whose password the administrator has just reset; signed in with it. */
async function withTemporaryPassword(role: TestUser['role']) {
  const user = await createTestUser(t.app, role);
  expect(await flagOf(user.id)).toBe(false);
  const reset = await admin.post(`/api/admin/users/${user.id}/reset-password`);
  expect(reset.statusCode).toBe(200);
  const temporaryPassword: string = reset.json().temporaryPassword;
  const client = new TestClient(t.app);
  const signIn = await client.signIn(user.username, temporaryPassword);
  expect(signIn.statusCode).toBe(200);
  return { user, client, temporaryPassword, signInStatus: signIn.json().status };
}

describe('setting a temporary password', () => {
  it('flags a reset: sign-in says so, /api/me says so, the admin list shows it', async () => {
    const { user, client, signInStatus } = await withTemporaryPassword('drc_officer');
    expect(signInStatus).toBe('password-change-required');
    expect(await flagOf(user.id)).toBe(true);
    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: user.id, passwordChangeRequired: true });
    const listed = await admin.get(`/api/admin/users?q=${user.username}`);
    expect(listed.json().items[0]).toMatchObject({ id: user.id, passwordChangeRequired: true });
  });

  it('flags an account created by an administrator, not one created with its own password', async () => {
    const created = await admin.post('/api/admin/users', {
      username: 'new.officer',
      name: '新同事',
      role: 'finance_officer',
      organisationId: await organisationFor(t.app, 'finance_officer'),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().user.passwordChangeRequired).toBe(true);
    const client = new TestClient(t.app);
    const signIn = await client.signIn('new.officer', created.json().temporaryPassword);
    expect(signIn.json()).toEqual({ status: 'password-change-required' });

    const own = await createTestUser(t.app, 'finance_officer');
    expect(await flagOf(own.id)).toBe(false);
    expect((await new TestClient(t.app).signIn(own.username)).json()).toEqual({
      status: 'signed-in',
    });
  });
});

describe('while the temporary password is unchanged', () => {
  it('refuses every route but /api/me and the password change with 403 PASSWORD_CHANGE_REQUIRED', async () => {
    const { client } = await withTemporaryPassword('system_admin');
    const routes: RegisteredRoute[] = t.app.registeredRoutes.filter(
      (route) => route.access !== 'public' && route.access !== 'api-client',
    );
    const wrong: string[] = [];
    for (const route of routes) {
      const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
      const response = await client.request({
        method: route.method as 'GET',
        url: route.url.replace(/:[A-Za-z0-9_]+/g, 'probe').replace(/\*$/, 'probe'),
        ...(hasBody ? { payload: {} } : {}),
      });
      const key = `${route.method} ${route.url}`;
      const refused =
        response.statusCode === 403 &&
        (response.json() as { code?: string }).code === 'PASSWORD_CHANGE_REQUIRED';
      if (refused === OPEN_DURING_CHANGE.has(key)) wrong.push(`${key} → ${response.statusCode}`);
    }
    expect(wrong).toEqual([]);
    // Every open route was among those probed.
    const probed = new Set(routes.map((route) => `${route.method} ${route.url}`));
    for (const key of OPEN_DURING_CHANGE) expect(probed).toContain(key);
  });

  it('changes nothing through a refused route', async () => {
    const { client } = await withTemporaryPassword('system_admin');
    const organisationId = await organisationFor(t.app, 'drc_officer');
    const create = await client.post('/api/admin/users', {
      username: 'never.created',
      name: '不应创建',
      role: 'drc_officer',
      organisationId,
    });
    expect(create.statusCode).toBe(403);
    expect(problemOf(create)).toMatchObject({
      code: 'PASSWORD_CHANGE_REQUIRED',
      title: expect.stringContaining('请先修改临时密码'),
    });
    const [row] = await t.db.database.db
      .select()
      .from(users)
      .where(eq(users.username, 'never.created'));
    expect(row).toBeUndefined();
  });

  it('still signs out', async () => {
    const { client } = await withTemporaryPassword('operator_staff');
    expect((await client.post('/api/session/sign-out')).statusCode).toBe(204);
    expect(problemOf(await client.get('/api/me')).code).toBe('UNAUTHENTICATED');
  });
});

describe('changing the temporary password', () => {
  it('refuses a wrong current password and the temporary one again, keeping the flag', async () => {
    const { user, client, temporaryPassword } = await withTemporaryPassword('data_bureau_reviewer');
    const wrong = await client.post('/api/account/password', {
      currentPassword: 'Wrong-pass-1',
      newPassword: NEW_PASSWORD,
    });
    expect(problemOf(wrong).code).toBe('INVALID_CREDENTIALS');
    const same = await client.post('/api/account/password', {
      currentPassword: temporaryPassword,
      newPassword: temporaryPassword,
    });
    expect(same.statusCode).toBe(400);
    expect(problemOf(same)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'body.newPassword' }],
    });
    expect(await flagOf(user.id)).toBe(true);
    expect(problemOf(await client.get('/api/account/sessions')).code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );
  });

  it('lifts the obligation: the session goes on into the workspace, later sign-ins are normal', async () => {
    const { user, client, temporaryPassword } = await withTemporaryPassword('finance_officer');
    const changed = await client.post('/api/account/password', {
      currentPassword: temporaryPassword,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(204);
    expect(await flagOf(user.id)).toBe(false);
    expect((await client.get('/api/me')).json().user.passwordChangeRequired).toBe(false);
    expect((await client.get('/api/account/sessions')).statusCode).toBe(200);
    expect((await new TestClient(t.app).signIn(user.username, NEW_PASSWORD)).json()).toEqual({
      status: 'signed-in',
    });
  });
});

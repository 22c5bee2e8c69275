import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog } from '../../src/db/schema/index.js';
import { checkPasswordStrength } from '../../src/domain/password.js';
import {
  createTestUser,
  organisationFor,
  problemOf,
  signedInAs,
  TEST_PASSWORD,
  TestClient,
} from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: TestClient;
let adminId: string;

beforeAll(async () => {
  t = await createTestApp();
  const signedIn = await signedInAs(t.app, 'system_admin');
  admin = signedIn.client;
  adminId = signedIn.user.id;
});
afterAll(async () => {
  await t.close();
});

describe('user administration', () => {
  it('creates a department user with a temporary password that works once shown', async () => {
    const organisationId = await organisationFor(t.app, 'data_bureau_reviewer');
    const organisations = await admin.get('/api/admin/organisations');
    expect(organisations.statusCode).toBe(200);
    expect(organisations.json().items).toContainEqual(
      expect.objectContaining({
        id: organisationId,
        kind: 'department',
        departmentCode: 'data_bureau',
      }),
    );
    expect(organisations.json().items.map((o: { kind: string }) => o.kind)).not.toContain(
      'enterprise',
    );

    const response = await admin.post('/api/admin/users', {
      username: 'Chen.Jing',
      name: '陈静',
      role: 'data_bureau_reviewer',
      organisationId,
      mobile: '+86 138-0000-2222',
    });
    expect(response.statusCode).toBe(201);
    const { user, temporaryPassword } = response.json();
    expect(user).toEqual({
      id: expect.any(String),
      username: 'chen.jing',
      name: '陈静',
      role: 'data_bureau_reviewer',
      organisation: expect.objectContaining({ id: organisationId, kind: 'department' }),
      disabled: false,
      twoFactorEnabled: false,
      passwordChangeRequired: true,
      lockedUntil: null,
      createdAt: t.clock.now().toISOString(),
      lastSignInAt: null,
    });
    expect(checkPasswordStrength(temporaryPassword)).toEqual({ ok: true });
    const [stored] = await t.db.database.db
      .select()
      .from(accounts)
      .where(eq(accounts.userId, user.id));
    expect(stored!.password).not.toContain(temporaryPassword);

    const newcomer = new TestClient(t.app);
    expect((await newcomer.signIn('chen.jing', temporaryPassword)).statusCode).toBe(200);
    expect((await new TestClient(t.app).signIn('13800002222', temporaryPassword)).statusCode).toBe(
      200,
    );

    await t.app.services.audit.drain();
    const [row] = await t.db.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'users.create'));
    expect(row).toMatchObject({ actorUserId: adminId, targetId: user.id, outcome: 'success' });
    expect(JSON.stringify(row)).not.toContain(temporaryPassword);
  });

  it('refuses a role that does not fit the organisation', async () => {
    const response = await admin.post('/api/admin/users', {
      username: 'wrong-fit',
      name: '错配',
      role: 'finance_officer',
      organisationId: await organisationFor(t.app, 'drc_officer'),
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe('ROLE_ORGANISATION_MISMATCH');
  });

  it('refuses a username, mobile or e-mail already in use', async () => {
    const existing = await createTestUser(t.app, 'drc_officer', { mobile: '13800003333' });
    const organisationId = existing.organisationId;
    const base = { name: '重复', role: 'drc_officer', organisationId };
    const takenName = await admin.post('/api/admin/users', {
      ...base,
      username: existing.username.toUpperCase(),
    });
    expect(takenName.statusCode).toBe(409);
    expect(problemOf(takenName).code).toBe('USERNAME_TAKEN');
    const takenMobile = await admin.post('/api/admin/users', {
      ...base,
      username: 'fresh-name-1',
      mobile: '13800003333',
    });
    expect(problemOf(takenMobile).code).toBe('MOBILE_TAKEN');
    await admin.post('/api/admin/users', { ...base, username: 'mail-1', email: 'a@example.cn' });
    const takenMail = await admin.post('/api/admin/users', {
      ...base,
      username: 'mail-2',
      email: 'A@example.cn',
    });
    expect(problemOf(takenMail).code).toBe('EMAIL_TAKEN');
  });

  it('refuses to create or change enterprise agents, whose accounts come from registration', async () => {
    const created = await admin.post('/api/admin/users', {
      username: 'agent-by-admin',
      name: '代建',
      role: 'enterprise_agent',
      organisationId: await organisationFor(t.app, 'enterprise_agent'),
    });
    expect(created.statusCode).toBe(403);
    expect(problemOf(created).code).toBe('FORBIDDEN');

    const agent = await createTestUser(t.app, 'enterprise_agent');
    const listed = await admin.get(`/api/admin/users?q=${agent.username}`);
    expect(listed.json().items.map((u: { id: string }) => u.id)).toEqual([agent.id]);
    const changed = await admin.patch(`/api/admin/users/${agent.id}`, { disabled: true });
    expect(changed.statusCode).toBe(403);
    expect((await admin.post(`/api/admin/users/${agent.id}/reset-password`)).statusCode).toBe(403);
  });

  it('searches by name, username or mobile, filters by role, and pages', async () => {
    for (let n = 1; n <= 3; n++) {
      await createTestUser(t.app, 'finance_officer', { username: `ledger-keeper-${n}` });
      t.clock.advance(1_000);
    }
    const first = await admin.get('/api/admin/users?q=ledger-keeper&page=1&pageSize=2');
    expect(first.statusCode).toBe(200);
    expect(first.json().total).toBe(3);
    expect(first.json().items.map((u: { username: string }) => u.username)).toEqual([
      'ledger-keeper-3',
      'ledger-keeper-2',
    ]);
    const second = await admin.get('/api/admin/users?q=ledger-keeper&page=2&pageSize=2');
    expect(second.json().items.map((u: { username: string }) => u.username)).toEqual([
      'ledger-keeper-1',
    ]);
    const byRole = await admin.get('/api/admin/users?role=system_admin&pageSize=100');
    expect(byRole.json().items.every((u: { role: string }) => u.role === 'system_admin')).toBe(
      true,
    );
    // LIKE wildcards in the search are taken literally.
    expect((await admin.get('/api/admin/users?q=%25')).json().total).toBe(0);
    const bad = await admin.get('/api/admin/users?pageSize=1000');
    expect(problemOf(bad).errors?.[0]?.field).toBe('querystring.pageSize');
  });

  it('renames, changes the role within the organisation, and re-enables', async () => {
    const user = await createTestUser(t.app, 'operator_staff');
    const renamed = await admin.patch(`/api/admin/users/${user.id}`, {
      name: '新名字',
      role: 'operator_admin',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().user).toMatchObject({ name: '新名字', role: 'operator_admin' });
    const misfit = await admin.patch(`/api/admin/users/${user.id}`, { role: 'drc_officer' });
    expect(problemOf(misfit).code).toBe('ROLE_ORGANISATION_MISMATCH');
    await admin.patch(`/api/admin/users/${user.id}`, { disabled: true });
    const enabled = await admin.patch(`/api/admin/users/${user.id}`, { disabled: false });
    expect(enabled.json().user.disabled).toBe(false);
    expect((await new TestClient(t.app).signIn(user.username)).statusCode).toBe(200);
    const empty = await admin.patch(`/api/admin/users/${user.id}`, {});
    expect(problemOf(empty).code).toBe('VALIDATION_FAILED');
    const missing = await admin.patch('/api/admin/users/no-such-user', { name: 'x' });
    expect(missing.statusCode).toBe(404);
  });

  it('does not let administrators disable themselves or change their own role', async () => {
    const disable = await admin.patch(`/api/admin/users/${adminId}`, { disabled: true });
    expect(disable.statusCode).toBe(409);
    expect(problemOf(disable).code).toBe('CANNOT_DISABLE_SELF');
    const demote = await admin.patch(`/api/admin/users/${adminId}`, { role: 'operator_staff' });
    expect(problemOf(demote).code).toBe('CANNOT_CHANGE_OWN_ROLE');
    expect((await admin.get('/api/me')).statusCode).toBe(200);
  });

  it('resets a password: a new temporary one, the old one and all sessions gone, lock lifted', async () => {
    const user = await createTestUser(t.app, 'drc_officer');
    const session = new TestClient(t.app);
    await session.signIn(user.username);
    const thief = new TestClient(t.app);
    for (let attempt = 1; attempt <= 5; attempt++)
      await thief.signIn(user.username, 'Wrong-pass-1');
    expect(
      (await admin.get(`/api/admin/users?q=${user.username}`)).json().items[0].lockedUntil,
    ).not.toBeNull();

    const reset = await admin.post(`/api/admin/users/${user.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const { temporaryPassword } = reset.json();
    expect(problemOf(await session.get('/api/me')).code).toBe('SESSION_EXPIRED');
    expect((await new TestClient(t.app).signIn(user.username, user.password)).statusCode).toBe(401);
    expect((await new TestClient(t.app).signIn(user.username, temporaryPassword)).statusCode).toBe(
      200,
    );
  });

  it('unlocks a locked account', async () => {
    const user = await createTestUser(t.app, 'drc_officer');
    const client = new TestClient(t.app);
    for (let attempt = 1; attempt <= 5; attempt++)
      await client.signIn(user.username, 'Wrong-pass-1');
    expect((await client.signIn(user.username)).statusCode).toBe(423);
    expect((await admin.post(`/api/admin/users/${user.id}/unlock`)).statusCode).toBe(204);
    expect((await client.signIn(user.username)).statusCode).toBe(200);
  });

  it('keeps enterprise agents and other staff out of /api/admin', async () => {
    for (const role of ['enterprise_agent', 'data_bureau_admin'] as const) {
      const { client } = await signedInAs(t.app, role);
      for (const url of ['/api/admin/users', '/api/admin/organisations']) {
        const response = await client.get(url);
        expect(response.statusCode).toBe(403);
        expect(problemOf(response).code).toBe('FORBIDDEN');
      }
      const create = await client.post('/api/admin/users', {});
      expect(problemOf(create).code).toBe('FORBIDDEN');
    }
  });
});

describe('own password', () => {
  it('changes the password, keeps this session and ends the others', async () => {
    const { client, user } = await signedInAs(t.app, 'operator_admin');
    const elsewhere = new TestClient(t.app);
    await elsewhere.signIn(user.username);
    const response = await client.post('/api/account/password', {
      currentPassword: user.password,
      newPassword: 'Another-pass-7',
    });
    expect(response.statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    expect(problemOf(await elsewhere.get('/api/me')).code).toBe('SESSION_EXPIRED');
    // The session state says the same without a failed request (the UI asks it first).
    const state = async (who: TestClient) => (await who.get('/api/session/state')).json().state;
    expect(await state(client)).toBe('signed-in');
    expect((await elsewhere.get('/api/session/state')).statusCode).toBe(200);
    expect(await state(elsewhere)).toBe('expired');
    expect(await state(new TestClient(t.app))).toBe('signed-out');
    expect((await new TestClient(t.app).signIn(user.username, 'Another-pass-7')).statusCode).toBe(
      200,
    );
    expect((await new TestClient(t.app).signIn(user.username, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('refuses a wrong current password and a weak new one', async () => {
    const { client, user } = await signedInAs(t.app, 'operator_admin');
    const wrong = await client.post('/api/account/password', {
      currentPassword: 'Wrong-pass-1',
      newPassword: 'Another-pass-7',
    });
    expect(wrong.statusCode).toBe(401);
    expect(problemOf(wrong).code).toBe('INVALID_CREDENTIALS');
    const weak = await client.post('/api/account/password', {
      currentPassword: user.password,
      newPassword: 'alllowercase',
    });
    expect(weak.statusCode).toBe(400);
    const problem = problemOf(weak);
    expect(problem.code).toBe('WEAK_PASSWORD');
    expect(problem.problems).toEqual(['TOO_FEW_CHARACTER_CLASSES']);
    expect(problem.errors?.[0]?.field).toBe('body.newPassword');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { createTestUser, problemOf, TEST_PASSWORD, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function auditRowsFor(action: string, username: string) {
  await t.app.services.audit.drain();
  const rows = await t.db.database.db.select().from(auditLog);
  return rows.filter(
    (row) => row.action === action && (row.detail as { username?: string }).username === username,
  );
}

describe('sign-in', () => {
  it('signs in with the right password and the session works', async () => {
    const user = await createTestUser(t.app, 'drc_officer');
    const client = new TestClient(t.app);
    const response = await client.signIn(user.username, user.password);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'signed-in' });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(
      /yunquan\.session_token=.+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax/,
    );

    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: user.id, username: user.username, role: 'drc_officer', twoFactorEnabled: false },
      permissions: expect.arrayContaining(['account.self']),
    });
    expect(me.json().user.organisation).toMatchObject({ kind: 'department' });
  });

  it('accepts the username in any case and the mobile number instead of it', async () => {
    const user = await createTestUser(t.app, 'finance_officer', { mobile: '139 0000 1111' });
    expect((await new TestClient(t.app).signIn(user.username.toUpperCase())).statusCode).toBe(200);
    expect((await new TestClient(t.app).signIn('13900001111')).statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown user alike, and audits both', async () => {
    const user = await createTestUser(t.app, 'operator_staff');
    const wrong = await new TestClient(t.app).signIn(user.username, 'Wrong-pass-1');
    const unknown = await new TestClient(t.app).signIn('nobody-here', TEST_PASSWORD);
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(problemOf(response).code).toBe('INVALID_CREDENTIALS');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    const [wrongRow] = await auditRowsFor('auth.sign-in', user.username);
    expect(wrongRow).toMatchObject({
      outcome: 'failure',
      actorUserId: user.id,
      detail: { username: user.username, reason: 'wrong-password' },
    });
    expect(JSON.stringify(wrongRow)).not.toContain('Wrong-pass-1');
    const [unknownRow] = await auditRowsFor('auth.sign-in', 'nobody-here');
    expect(unknownRow).toMatchObject({ outcome: 'failure', actorUserId: null });
  });

  it('audits a successful sign-in with the request id and address', async () => {
    const user = await createTestUser(t.app, 'operator_admin');
    const client = new TestClient(t.app);
    const response = await client.signIn(user.username);
    const [row] = await auditRowsFor('auth.sign-in', user.username);
    expect(row).toMatchObject({
      outcome: 'success',
      actorUserId: user.id,
      actorRole: 'operator_admin',
      requestId: response.headers['x-request-id'],
      ipAddress: client.ip,
    });
  });
});

describe('personal data in the audit trail', () => {
  it('keeps a mobile number typed at sign-in only masked, failed or successful', async () => {
    const user = await createTestUser(t.app, 'finance_officer', { mobile: '138 1234 5678' });
    const attempts = [
      { typed: '13812345678', password: 'Wrong-pass-1', status: 401 },
      { typed: '+86 138-1234-5678', password: TEST_PASSWORD, status: 200 },
      { typed: '13812345679', password: TEST_PASSWORD, status: 401 },
      // Not a mobile number nor a username: nothing of it is kept.
      { typed: '1381234567', password: TEST_PASSWORD, status: 401 },
    ];
    const requestIds: string[] = [];
    for (const attempt of attempts) {
      const response = await new TestClient(t.app).signIn(attempt.typed, attempt.password);
      expect(response.statusCode).toBe(attempt.status);
      requestIds.push(String(response.headers['x-request-id']));
    }
    await t.app.services.audit.drain();
    const rows = (await t.db.database.db.select().from(auditLog)).filter(
      (row) => row.requestId !== null && requestIds.includes(row.requestId),
    );
    const byRequest = requestIds.map((id) => rows.find((row) => row.requestId === id));
    expect(byRequest).toMatchObject([
      {
        action: 'auth.sign-in',
        outcome: 'failure',
        actorUserId: user.id,
        detail: {
          identifier: 'mobile',
          mobile: '138****5678',
          username: user.username,
          reason: 'wrong-password',
        },
      },
      {
        action: 'auth.sign-in',
        outcome: 'success',
        actorUserId: user.id,
        detail: { identifier: 'mobile', mobile: '138****5678', username: user.username },
      },
      {
        outcome: 'failure',
        actorUserId: null,
        detail: { identifier: 'mobile', mobile: '138****5679', reason: 'unknown-user' },
      },
      { outcome: 'failure', actorUserId: null, detail: { identifier: 'other' } },
    ]);
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const digits of ['13812345678', '13812345679', '1381234567', '138-1234']) {
        expect(text).not.toContain(digits);
      }
    }
  });
});

describe('lockout', () => {
  it('locks after five consecutive failures, refuses even the right password, and lifts after 15 minutes', async () => {
    const user = await createTestUser(t.app, 'data_bureau_reviewer');
    const client = new TestClient(t.app);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await client.signIn(user.username, `Wrong-pass-${attempt}`);
      expect(problemOf(response).code).toBe('INVALID_CREDENTIALS');
    }
    const fifth = await client.signIn(user.username, 'Wrong-pass-5');
    expect(fifth.statusCode).toBe(423);
    const lockedUntil = new Date(t.clock.now().getTime() + 15 * 60_000).toISOString();
    expect(problemOf(fifth)).toMatchObject({ code: 'ACCOUNT_LOCKED', lockedUntil });

    const rightButLocked = await client.signIn(user.username, user.password);
    expect(rightButLocked.statusCode).toBe(423);
    expect(problemOf(rightButLocked).lockedUntil).toBe(lockedUntil);
    const [lockedRow] = (await auditRowsFor('auth.sign-in', user.username)).filter(
      (row) => (row.detail as { reason?: string }).reason === 'locked',
    );
    expect(lockedRow).toMatchObject({ outcome: 'denied' });

    t.clock.advance(15 * 60_000 - 1);
    expect((await client.signIn(user.username, user.password)).statusCode).toBe(423);
    t.clock.advance(1);
    expect((await client.signIn(user.username, user.password)).statusCode).toBe(200);
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    const user = await createTestUser(t.app, 'data_bureau_reviewer');
    const client = new TestClient(t.app);
    for (let attempt = 1; attempt <= 4; attempt++)
      await client.signIn(user.username, 'Wrong-pass-1');
    expect((await client.signIn(user.username)).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await client.signIn(user.username, 'Wrong-pass-1')).statusCode).toBe(401);
    }
    expect((await client.signIn(user.username)).statusCode).toBe(200);
  });
});

describe('disabled accounts', () => {
  it('refuses a disabled account once the password is right, and says so', async () => {
    const admin = await createTestUser(t.app, 'system_admin');
    const user = await createTestUser(t.app, 'drc_officer');
    const adminClient = new TestClient(t.app);
    await adminClient.signIn(admin.username);
    await adminClient.patch(`/api/admin/users/${user.id}`, { disabled: true });

    const wrong = await new TestClient(t.app).signIn(user.username, 'Wrong-pass-1');
    expect(problemOf(wrong).code).toBe('INVALID_CREDENTIALS');
    const right = await new TestClient(t.app).signIn(user.username);
    expect(right.statusCode).toBe(403);
    expect(problemOf(right).code).toBe('ACCOUNT_DISABLED');
  });
});

describe('malformed requests', () => {
  it('names the missing field', async () => {
    const response = await new TestClient(t.app).post('/api/session/sign-in', { username: 'a' });
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((error) => error.field)).toEqual(['body.password']);
    expect(problem.detail).toContain('body.password');
  });

  it('refuses a content type it does not read with 415', async () => {
    const response = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/session/sign-in',
      headers: { 'content-type': 'application/xml' },
      payload: '<username>a</username>',
    });
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses broken JSON with 400', async () => {
    const response = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/session/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "a", "password": ',
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe('MALFORMED_REQUEST');
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('rate limit', () => {
  it('allows 20 sign-in attempts a minute from one address, then answers 429', async () => {
    const client = new TestClient(t.app);
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await client.post('/api/session/sign-in', {})).statusCode).toBe(400);
    }
    const limited = await client.post('/api/session/sign-in', {});
    expect(limited.statusCode).toBe(429);
    expect(problemOf(limited).code).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await new TestClient(t.app).post('/api/session/sign-in', {})).statusCode).toBe(400);
  });
});

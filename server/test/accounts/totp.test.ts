import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoFactors } from '../../src/db/schema/index.js';
import {
  createTestUser,
  problemOf,
  signedInAs,
  TestClient,
  type TestUser,
  totpCode,
  wrongTotpCode,
} from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** Enrols and confirms an authenticator for a signed-in client; returns the secret. */
async function enrol(client: TestClient, user: TestUser) {
  const started = await client.post('/api/account/totp/enrol', { password: user.password });
  expect(started.statusCode).toBe(200);
  const enrolment = started.json() as { totpUri: string; secret: string; backupCodes: string[] };
  const confirmed = await client.post('/api/account/totp/confirm', {
    code: totpCode(enrolment.secret),
  });
  expect(confirmed.statusCode).toBe(204);
  return enrolment;
}

describe('TOTP (not required: development and demo configuration)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('enrols, then asks for a code at sign-in, and signs in with it', async () => {
    const { client, user } = await signedInAs(t.app, 'data_bureau_reviewer');
    const started = await client.post('/api/account/totp/enrol', { password: user.password });
    expect(started.statusCode).toBe(200);
    const { totpUri, secret, backupCodes } = started.json();
    const issuer = encodeURIComponent('云券 Yunquan');
    expect(totpUri).toBe(
      `otpauth://totp/${issuer}:${user.username}?secret=${secret}&issuer=${issuer}&digits=6&period=30`,
    );
    expect(secret).toMatch(/^[A-Z2-7]+$/);
    expect(backupCodes).toHaveLength(10);
    // Not in force until confirmed.
    expect((await client.get('/api/me')).json().user.twoFactorEnabled).toBe(false);
    const [stored] = await t.db.database.db
      .select()
      .from(twoFactors)
      .where(eq(twoFactors.userId, user.id));
    expect(stored!.secret).not.toContain(secret);

    const wrong = await client.post('/api/account/totp/confirm', { code: wrongTotpCode(secret) });
    expect(problemOf(wrong).code).toBe('INVALID_TOTP_CODE');
    const confirmed = await client.post('/api/account/totp/confirm', { code: totpCode(secret) });
    expect(confirmed.statusCode).toBe(204);
    // The session is renewed with the factor on, and still works.
    expect((await client.get('/api/me')).json().user.twoFactorEnabled).toBe(true);

    const browser = new TestClient(t.app);
    const first = await browser.signIn(user.username);
    expect(first.json()).toEqual({ status: 'totp-required' });
    expect(browser.cookie('yunquan.session_token')).toBeUndefined();
    expect(problemOf(await browser.get('/api/me')).code).toBe('UNAUTHENTICATED');

    const second = await browser.post('/api/session/totp', { code: totpCode(secret) });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ status: 'signed-in' });
    expect((await browser.get('/api/me')).statusCode).toBe(200);
  });

  it('refuses a wrong code with INVALID_TOTP_CODE and locks after five', async () => {
    const { client, user } = await signedInAs(t.app, 'drc_officer');
    const { secret } = await enrol(client, user);
    const browser = new TestClient(t.app);
    await browser.signIn(user.username);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await browser.post('/api/session/totp', { code: wrongTotpCode(secret) });
      expect(response.statusCode).toBe(401);
      expect(problemOf(response).code).toBe('INVALID_TOTP_CODE');
    }
    const fifth = await browser.post('/api/session/totp', { code: wrongTotpCode(secret) });
    expect(fifth.statusCode).toBe(423);
    expect(problemOf(fifth).code).toBe('ACCOUNT_LOCKED');
    const afterLock = await browser.post('/api/session/totp', { code: totpCode(secret) });
    expect(problemOf(afterLock).code).toBe('ACCOUNT_LOCKED');
  });

  it('accepts a backup code once', async () => {
    const { client, user } = await signedInAs(t.app, 'finance_officer');
    const { backupCodes } = await enrol(client, user);
    const code = backupCodes[0]!;
    const browser = new TestClient(t.app);
    await browser.signIn(user.username);
    expect((await browser.post('/api/session/totp', { code })).statusCode).toBe(200);

    const again = new TestClient(t.app);
    await again.signIn(user.username);
    expect(problemOf(await again.post('/api/session/totp', { code })).code).toBe(
      'INVALID_TOTP_CODE',
    );
  });

  it('refuses a code used once already within its step, and codes of earlier steps (issue 10 §1.5)', async () => {
    const { client, user } = await signedInAs(t.app, 'operator_admin');
    const { secret } = await enrol(client, user);
    // The next step's code (the server accepts one step either side for clock drift).
    const code = totpCode(secret, 1);
    const first = new TestClient(t.app);
    await first.signIn(user.username);
    expect((await first.post('/api/session/totp', { code })).statusCode).toBe(200);

    // Someone who watched the code being typed (or captured the request) tries it at once.
    const replay = new TestClient(t.app);
    await replay.signIn(user.username);
    const reused = await replay.post('/api/session/totp', { code });
    expect(reused.statusCode).toBe(401);
    expect(problemOf(reused).code).toBe('TOTP_CODE_REUSED');
    expect(problemOf(reused).detail).toMatch(/已使用/);
    expect(replay.cookie('yunquan.session_token')).toBeUndefined();
    // An earlier step's code, still inside the drift window, is refused the same way.
    const earlier = await replay.post('/api/session/totp', { code: totpCode(secret, 0) });
    expect(problemOf(earlier).code).toBe('TOTP_CODE_REUSED');
    await t.app.services.audit.drain();
    const rows = await t.db.database.raw.query<{ reason: string }>(
      `SELECT detail->>'reason' AS reason FROM audit_log
       WHERE action = 'auth.totp' AND actor_user_id = $1 AND outcome = 'denied'`,
      [user.id],
    );
    expect(rows.map((row) => row.reason)).toEqual(['code-reused', 'code-reused']);
  });

  it('refuses the code of an account disabled while its sign-in waited for it', async () => {
    const { client, user } = await signedInAs(t.app, 'drc_officer');
    const { secret } = await enrol(client, user);
    const browser = new TestClient(t.app);
    await browser.signIn(user.username);
    const { client: admin } = await signedInAs(t.app, 'system_admin');
    await admin.patch(`/api/admin/users/${user.id}`, { disabled: true });
    const response = await browser.post('/api/session/totp', { code: totpCode(secret) });
    expect(response.statusCode).toBe(403);
    expect(problemOf(response).code).toBe('ACCOUNT_DISABLED');
    expect(browser.cookie('yunquan.session_token')).toBeUndefined();
  });

  it('answers UNAUTHENTICATED when no sign-in is waiting for a code', async () => {
    const response = await new TestClient(t.app).post('/api/session/totp', { code: '123456' });
    expect(response.statusCode).toBe(401);
    expect(problemOf(response).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a malformed code before looking at it', async () => {
    const response = await new TestClient(t.app).post('/api/session/totp', { code: '12ab' });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors?.[0]?.field).toBe('body.code');
  });

  it('cannot use another session to confirm someone else’s pending sign-in', async () => {
    const { client: victimClient, user: victim } = await signedInAs(t.app, 'operator_admin');
    const { secret } = await enrol(victimClient, victim);
    const { client: other, user: otherUser } = await signedInAs(t.app, 'operator_admin');
    // The other person's browser holds its own session and the victim's challenge cookie.
    const victimBrowser = new TestClient(t.app);
    await victimBrowser.signIn(victim.username);
    const sessionCookie = `yunquan.session_token=${other.cookie('yunquan.session_token')}`;
    const challengeCookie = `yunquan.two_factor=${victimBrowser.cookie('yunquan.two_factor')}`;
    const mixed = await other.request({
      method: 'POST',
      url: '/api/session/totp',
      payload: { code: totpCode(secret) },
      headers: { cookie: `${sessionCookie}; ${challengeCookie}` },
    });
    // The challenge is the victim's and the code is right: it completes the victim's sign-in
    // and is never taken as an enrolment for the other session's user.
    expect(mixed.statusCode).toBe(200);
    expect((await other.get('/api/me')).json().user.id).toBe(victim.id);
    const otherFactors = await t.db.database.db
      .select()
      .from(twoFactors)
      .where(eq(twoFactors.userId, otherUser.id));
    expect(otherFactors).toEqual([]);
  });

  it('disables with the password when the platform does not require it', async () => {
    const { client, user } = await signedInAs(t.app, 'operator_staff');
    await enrol(client, user);
    const wrong = await client.post('/api/account/totp/disable', { password: 'Wrong-pass-1' });
    expect(problemOf(wrong).code).toBe('INVALID_CREDENTIALS');
    expect(
      (await client.post('/api/account/totp/disable', { password: user.password })).statusCode,
    ).toBe(204);
    expect((await client.get('/api/me')).json().user.twoFactorEnabled).toBe(false);
    expect((await new TestClient(t.app).signIn(user.username)).json()).toEqual({
      status: 'signed-in',
    });
  });

  it('refuses enrolment with a wrong password', async () => {
    const { client } = await signedInAs(t.app, 'operator_staff');
    const response = await client.post('/api/account/totp/enrol', { password: 'Wrong-pass-1' });
    expect(response.statusCode).toBe(401);
    expect(problemOf(response).code).toBe('INVALID_CREDENTIALS');
  });
});

describe('TOTP required (production configuration)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { REQUIRE_TOTP: 'true' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs an official in for enrolment only, then lets them through once enrolled', async () => {
    const user = await createTestUser(t.app, 'system_admin');
    const client = new TestClient(t.app);
    expect((await client.signIn(user.username)).json()).toEqual({
      status: 'totp-enrolment-required',
    });
    const blocked = await client.get('/api/admin/users');
    expect(blocked.statusCode).toBe(403);
    expect(problemOf(blocked).code).toBe('TOTP_ENROLMENT_REQUIRED');
    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ twoFactorEnabled: false, totpEnrolmentRequired: true });

    const { secret } = await enrol(client, user);
    expect((await client.get('/api/admin/users')).statusCode).toBe(200);
    expect((await client.get('/api/me')).json().user.totpEnrolmentRequired).toBe(false);

    const disable = await client.post('/api/account/totp/disable', { password: user.password });
    expect(disable.statusCode).toBe(403);
    expect(problemOf(disable).code).toBe('TOTP_REQUIRED_FOR_ROLE');

    const later = new TestClient(t.app);
    expect((await later.signIn(user.username)).json()).toEqual({ status: 'totp-required' });
    expect((await later.post('/api/session/totp', { code: totpCode(secret) })).statusCode).toBe(
      200,
    );
  });

  it('asks for the new password before the enrolment when both are owed', async () => {
    const user = await createTestUser(t.app, 'data_bureau_admin');
    const { temporaryPassword } = await t.app.services.users.resetPassword(user.id);
    const client = new TestClient(t.app);
    expect((await client.signIn(user.username, temporaryPassword)).json()).toEqual({
      status: 'password-change-required',
    });
    const enrolFirst = await client.post('/api/account/totp/enrol', {
      password: temporaryPassword,
    });
    expect(problemOf(enrolFirst).code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await client.post('/api/account/password', {
      currentPassword: temporaryPassword,
      newPassword: user.password.replace('Test', 'Own'),
    });
    expect(changed.statusCode).toBe(204);
    expect((await client.get('/api/me')).json().user).toMatchObject({
      passwordChangeRequired: false,
      totpEnrolmentRequired: true,
    });
    expect(problemOf(await client.get('/api/admin/users')).code).toBe('TOTP_ENROLMENT_REQUIRED');
    await enrol(client, { ...user, password: user.password.replace('Test', 'Own') });
    expect((await client.get('/api/me')).json().user.totpEnrolmentRequired).toBe(false);
  });

  it('does not require a second factor of enterprise agents', async () => {
    const user = await createTestUser(t.app, 'enterprise_agent');
    const client = new TestClient(t.app);
    expect((await client.signIn(user.username)).json()).toEqual({ status: 'signed-in' });
    expect((await client.get('/api/me')).json().user.totpEnrolmentRequired).toBe(false);
  });
});

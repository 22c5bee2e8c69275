import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/db/schema/index.js';
import { createTestUser, problemOf, signedInAs, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const MINUTE = 60_000;

async function sessionRowsOf(userId: string) {
  return t.db.database.db.select().from(sessions).where(eq(sessions.userId, userId));
}

describe('session cookie', () => {
  it('answers 401 UNAUTHENTICATED without a cookie and SESSION_EXPIRED with a forged one', async () => {
    const anonymous = await new TestClient(t.app).get('/api/me');
    expect(anonymous.statusCode).toBe(401);
    expect(problemOf(anonymous).code).toBe('UNAUTHENTICATED');

    const { client } = await signedInAs(t.app, 'drc_officer');
    const genuine = client.cookie('yunquan.session_token')!;
    const [token] = decodeURIComponent(genuine).split('.');
    const forged = await new TestClient(t.app).request({
      method: 'GET',
      url: '/api/me',
      headers: { cookie: `yunquan.session_token=${token}.${'A'.repeat(43)}=` },
    });
    expect(forged.statusCode).toBe(401);
    expect(problemOf(forged).code).toBe('SESSION_EXPIRED');
  });
});

describe('idle timeout', () => {
  it('ends a session unused for more than 30 minutes of clock time and deletes it', async () => {
    const { client, user } = await signedInAs(t.app, 'operator_staff');
    t.clock.advance(30 * MINUTE);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    t.clock.advance(30 * MINUTE + 1);
    const expired = await client.get('/api/me');
    expect(expired.statusCode).toBe(401);
    expect(problemOf(expired).code).toBe('SESSION_EXPIRED');
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
  });

  it('keeps a session alive while it is used every 29 minutes', async () => {
    const { client } = await signedInAs(t.app, 'operator_staff');
    for (let step = 0; step < 6; step++) {
      t.clock.advance(29 * MINUTE);
      expect((await client.get('/api/me')).statusCode).toBe(200);
    }
  });

  it('records activity at most once a minute', async () => {
    const { client, user } = await signedInAs(t.app, 'operator_staff');
    const [created] = await sessionRowsOf(user.id);
    t.clock.advance(59_000);
    await client.get('/api/me');
    expect((await sessionRowsOf(user.id))[0]!.updatedAt).toEqual(created!.updatedAt);
    t.clock.advance(1_000);
    await client.get('/api/me');
    expect((await sessionRowsOf(user.id))[0]!.updatedAt).toEqual(t.clock.now());
  });
});

describe('maximum lifetime', () => {
  it('ends even a busy session 12 hours after sign-in', async () => {
    const { client } = await signedInAs(t.app, 'finance_officer');
    for (let elapsed = 0; elapsed < 12 * 60; elapsed += 20) {
      t.clock.advance(20 * MINUTE);
      expect((await client.get('/api/me')).statusCode).toBe(200);
    }
    t.clock.advance(1);
    const expired = await client.get('/api/me');
    expect(problemOf(expired).code).toBe('SESSION_EXPIRED');
  });
});

describe('sign-out', () => {
  it('deletes the session on the server: the old cookie no longer works', async () => {
    const { client, user } = await signedInAs(t.app, 'data_bureau_admin');
    const stolen = client.copy();
    const response = await client.post('/api/session/sign-out');
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/yunquan\.session_token=; Max-Age=0/);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
    const replay = await stolen.get('/api/me');
    expect(replay.statusCode).toBe(401);
    expect(problemOf(replay).code).toBe('SESSION_EXPIRED');
  });

  it('answers 204 without a session too', async () => {
    expect((await new TestClient(t.app).post('/api/session/sign-out')).statusCode).toBe(204);
  });
});

describe('own sessions', () => {
  it('lists one’s live sessions without tokens, marks the current one, and ends another', async () => {
    const user = await createTestUser(t.app, 'drc_officer');
    const laptop = new TestClient(t.app);
    await laptop.request({
      method: 'POST',
      url: '/api/session/sign-in',
      payload: { username: user.username, password: user.password },
      headers: { 'user-agent': 'Laptop browser' },
    });
    t.clock.advance(2 * MINUTE);
    const phone = new TestClient(t.app);
    await phone.signIn(user.username);

    const listed = await laptop.get('/api/account/sessions');
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as Record<string, unknown>[];
    expect(items).toHaveLength(2);
    expect(listed.body).not.toContain(
      decodeURIComponent(laptop.cookie('yunquan.session_token')!).split('.')[0],
    );
    const current = items.find((item) => item.current)!;
    expect(current).toMatchObject({ userAgent: 'Laptop browser', ipAddress: laptop.ip });
    expect(current.expiresAt).toBe(new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString());
    const other = items.find((item) => !item.current)!;

    expect((await laptop.delete(`/api/account/sessions/${other.id}`)).statusCode).toBe(204);
    expect(problemOf(await phone.get('/api/me')).code).toBe('SESSION_EXPIRED');
    expect((await laptop.get('/api/me')).statusCode).toBe(200);
  });

  it('cannot end someone else’s session: 404, and it stays', async () => {
    const { client: mallory } = await signedInAs(t.app, 'drc_officer');
    const { client: victim, user } = await signedInAs(t.app, 'drc_officer');
    const [victimSession] = await sessionRowsOf(user.id);
    const response = await mallory.delete(`/api/account/sessions/${victimSession!.id}`);
    expect(response.statusCode).toBe(404);
    expect(problemOf(response).code).toBe('NOT_FOUND');
    expect((await victim.get('/api/me')).statusCode).toBe(200);
  });
});

describe('disabling', () => {
  it('ends every session of the disabled user at once', async () => {
    const { client: admin } = await signedInAs(t.app, 'system_admin');
    const { client: first, user } = await signedInAs(t.app, 'operator_staff');
    const second = new TestClient(t.app);
    await second.signIn(user.username);
    expect(await sessionRowsOf(user.id)).toHaveLength(2);

    const response = await admin.patch(`/api/admin/users/${user.id}`, { disabled: true });
    expect(response.statusCode).toBe(200);
    expect(await sessionRowsOf(user.id)).toHaveLength(0);
    for (const client of [first, second]) {
      expect(problemOf(await client.get('/api/me')).code).toBe('SESSION_EXPIRED');
    }
  });
});

describe('purge job', () => {
  it('deletes sessions past their idle timeout or lifetime and keeps live ones', async () => {
    const { user: idle } = await signedInAs(t.app, 'drc_officer');
    t.clock.advance(20 * MINUTE);
    const { client: active, user: busy } = await signedInAs(t.app, 'drc_officer');
    t.clock.advance(11 * MINUTE);
    await active.get('/api/me');
    const removed = await t.app.services.auth.sessions.purgeExpired();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await sessionRowsOf(idle.id)).toHaveLength(0);
    expect(await sessionRowsOf(busy.id)).toHaveLength(1);
  });
});

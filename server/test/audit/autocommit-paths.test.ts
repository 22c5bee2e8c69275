/**
 * The paths that used to change data with autocommit statements now commit their audit row in
 * the same transaction as the change (D-audit-tx-4), and the write guard refuses an autocommit
 * write inside an audit scope (AUDIT_WRITE_GUARD=throw, vitest.config.ts), so a new one fails
 * the tests that drive it.
 *
 * Each route below is driven while an observer of the write guard is listening: it must see no
 * autocommit write; and where the change leaves a row behind, that row's xmin is the
 * transaction that wrote the route's audit row.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runInCommitScope } from '../../src/db/commit-scope.js';
import { users } from '../../src/db/schema/index.js';
import {
  AutocommitWriteError,
  observeAutocommitWrites,
  type WriteGuardReport,
  writtenTables,
} from '../../src/db/write-guard.js';
import { JobAuditScope } from '../../src/modules/audit/audit.scope.js';
import { createTestUser, signedInAs, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: TestClient;
let seen: WriteGuardReport[] = [];
let stopObserving: () => void;

beforeAll(async () => {
  t = await createTestApp();
  ({ client: admin } = await signedInAs(t.app, 'system_admin'));
  stopObserving = observeAutocommitWrites((report) => seen.push(report));
});
afterAll(async () => {
  stopObserving();
  await t.close();
});
afterEach(() => {
  // No route or job driven here may write outside a transaction inside its scope.
  expect(seen).toEqual([]);
  seen = [];
});

const sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) =>
  t.db.database.raw.query<T>(text, params);

/** The newest audit row of an action, with the transaction that wrote it. */
async function latestRow(action: string) {
  const [row] = await sql<{ id: string; outcome: string; tx_id: string | null; target_id: string }>(
    `SELECT id, outcome, tx_id::text, target_id FROM audit_log WHERE action = $1
      ORDER BY entry_no DESC LIMIT 1`,
    [action],
  );
  return row;
}

/** Whether `table`'s row(s) matching `where` were last written by the audit row's transaction. */
async function writtenWith(action: string, table: string, where: string, params: unknown[]) {
  const row = await latestRow(action);
  expect(row?.outcome).toBe('success');
  expect(row?.tx_id).not.toBeNull();
  const [same] = await sql<{ same: boolean }>(
    `SELECT bool_and(xmin::text::bigint = ($1::bigint % 4294967296)) AS same
       FROM ${table} WHERE ${where}`,
    [row?.tx_id, ...params],
  );
  return same?.same;
}

describe('accounts', () => {
  it('updating and disabling a user commit with their row', async () => {
    const target = await createTestUser(t.app, 'drc_officer');
    let response = await admin.patch(`/api/admin/users/${target.id}`, { name: '新名字' });
    expect(response.statusCode).toBe(200);
    expect(await writtenWith('users.update', 'users', 'id = $2', [target.id])).toBe(true);
    response = await admin.patch(`/api/admin/users/${target.id}`, { disabled: true });
    expect(response.statusCode).toBe(200);
    expect(await writtenWith('users.update', 'users', 'id = $2', [target.id])).toBe(true);
  });

  it('a password reset and an unlock commit with their rows', async () => {
    const target = await createTestUser(t.app, 'drc_officer');
    const reset = await admin.post(`/api/admin/users/${target.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect(await writtenWith('users.reset-password', 'users', 'id = $2', [target.id])).toBe(true);
    expect(await writtenWith('users.reset-password', 'accounts', 'user_id = $2', [target.id])).toBe(
      true,
    );
    const unlock = await admin.post(`/api/admin/users/${target.id}/unlock`);
    expect(unlock.statusCode).toBeLessThan(300);
    expect(await writtenWith('users.unlock', 'users', 'id = $2', [target.id])).toBe(true);
  });

  it('changing one’s own password and ending a session commit with their rows', async () => {
    const { client, user } = await signedInAs(t.app, 'drc_officer');
    const other = new TestClient(t.app);
    expect((await other.signIn(user.username, user.password)).statusCode).toBe(200);
    // The other browser's session (same clock, so found by the list's `current`, not by time).
    const listed = (await client.get('/api/account/sessions')).json() as {
      items: Array<{ id: string; current: boolean }>;
    };
    const session = listed.items.find((item) => !item.current);
    const revoked = await client.delete(`/api/account/sessions/${session?.id}`);
    expect(revoked.statusCode).toBeLessThan(300);
    expect((await latestRow('account.session-revoke'))?.tx_id).not.toBeNull();

    const changed = await client.post('/api/account/password', {
      currentPassword: user.password,
      newPassword: 'Another-pass-2026',
    });
    expect(changed.statusCode).toBeLessThan(300);
    expect(
      await writtenWith('account.password-change', 'accounts', 'user_id = $2', [user.id]),
    ).toBe(true);
  });

  it('a TOTP enrolment written by better-auth commits with its row', async () => {
    const { client, user } = await signedInAs(t.app, 'drc_officer');
    const started = await client.post('/api/account/totp/enrol', { password: user.password });
    expect(started.statusCode).toBe(200);
    expect(await writtenWith('account.totp-enrol', 'two_factors', 'user_id = $2', [user.id])).toBe(
      true,
    );
  });
});

describe('notifications and API clients', () => {
  it('marking notifications read commits with its row', async () => {
    const { client, user } = await signedInAs(t.app, 'drc_officer');
    for (const n of [1, 2]) {
      await t.app.services.notifications.notifyUser(user.id, {
        kind: 'test',
        title: `通知 ${n}`,
        body: '正文',
        dedupeKey: `autocommit-${n}`,
      });
    }
    const [first] = await sql<{ id: string }>(
      'SELECT id FROM notifications WHERE user_id = $1 ORDER BY created_at, id LIMIT 1',
      [user.id],
    );
    const one = await client.post(`/api/notifications/${first?.id}/read`);
    expect(one.statusCode).toBeLessThan(300);
    const action = (
      await sql<{ action: string }>(
        `SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY entry_no DESC LIMIT 1`,
        [user.id],
      )
    )[0]?.action as string;
    expect(await writtenWith(action, 'notifications', 'id = $2', [first?.id])).toBe(true);
    const all = await client.post('/api/notifications/read-all');
    expect(all.statusCode).toBeLessThan(300);
    const allAction = (
      await sql<{ action: string }>(
        `SELECT action FROM audit_log WHERE actor_user_id = $1 ORDER BY entry_no DESC LIMIT 1`,
        [user.id],
      )
    )[0]?.action as string;
    expect(
      await writtenWith(allAction, 'notifications', 'user_id = $2 AND id <> $3', [
        user.id,
        first?.id,
      ]),
    ).toBe(true);
  });

  it('creating and rotating an API client commit with their rows, in one row each', async () => {
    const { client } = await signedInAs(t.app, 'operator_admin');
    const created = await client.post('/api/operator/api-clients', { name: '计费系统' });
    expect(created.statusCode).toBe(201);
    const { client: view } = created.json() as { client: { id: string; keyId: string } };
    expect(await writtenWith('api-clients.create', 'api_clients', 'id = $2', [view.id])).toBe(true);
    const rotated = await client.post(`/api/operator/api-clients/${view.id}/rotate`);
    expect(rotated.statusCode).toBe(200);
    expect(await writtenWith('api-clients.rotate', 'api_clients', 'id = $2', [view.id])).toBe(true);
    // The service names the client inside the transaction as the route does: no second row.
    const rows = await sql('SELECT 1 FROM audit_log WHERE target_id = $1', [view.keyId]);
    expect(rows).toHaveLength(2);
  });
});

describe('jobs', () => {
  it('the session purge commits its deletions with the job’s row', async () => {
    const scope = new JobAuditScope('sessions.purge-expired', 'sessions.purge-expired', t.clock);
    t.clock.advance(30 * 24 * 3_600_000);
    const removed = await runInCommitScope(scope, () =>
      t.app.services.auth.sessions.purgeExpired(),
    );
    expect(removed).toBeGreaterThan(0);
    expect(scope.recorded).toBe(1);
  });
});

describe('the write guard', () => {
  it('finds the tables a statement writes, and nothing in reads or locks', () => {
    expect(writtenTables('insert into "users" ("id") values ($1)')).toEqual(['users']);
    expect(writtenTables('UPDATE public.plans p SET title = $1')).toEqual(['plans']);
    expect(writtenTables('WITH d AS (DELETE FROM sessions RETURNING id) SELECT * FROM d')).toEqual([
      'sessions',
    ]);
    expect(writtenTables('SELECT * FROM plans FOR UPDATE')).toEqual([]);
    expect(
      writtenTables(
        'INSERT INTO audit_log (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = $1',
      ),
    ).toEqual(['audit_log']);
  });

  it('refuses an autocommit write inside an audit scope, on both query paths', async () => {
    stopObserving();
    try {
      const user = await createTestUser(t.app, 'drc_officer');
      const scope = new JobAuditScope('test.guard', 'test.guard', t.clock);
      const { db, raw } = t.db.database;
      await expect(
        runInCommitScope(scope, () =>
          raw.query('UPDATE users SET name = name WHERE id = $1', [user.id]),
        ),
      ).rejects.toBeInstanceOf(AutocommitWriteError);
      await expect(
        // Awaited inside the scope: a Drizzle query runs when awaited, not when built.
        runInCommitScope(scope, async () => {
          await db.update(users).set({ name: 'x' }).where(eq(users.id, user.id));
        }),
      ).rejects.toSatisfy(
        // Drizzle wraps the driver's error in its own ("Failed query: …"), the guard's as cause.
        (error: unknown) => (error as { cause?: unknown }).cause instanceof AutocommitWriteError,
      );
      // Nothing was written, and no row recorded.
      expect(scope.recorded).toBe(0);
      // The same change in a transaction passes, and carries the job's row.
      await runInCommitScope(scope, () =>
        raw.transaction((tx) => tx.query('UPDATE users SET name = name WHERE id = $1', [user.id])),
      );
      expect(scope.recorded).toBe(1);
      // Reads, audit rows and writes outside any scope are not its business.
      await runInCommitScope(scope, () => raw.query('SELECT 1 FROM users LIMIT 1'));
      await raw.query('UPDATE users SET name = name WHERE id = $1', [user.id]);
    } finally {
      stopObserving = observeAutocommitWrites((report) => seen.push(report));
    }
  });
});

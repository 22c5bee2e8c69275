/**
 * What the certification API tests share beyond support.ts: the real app on a fresh database
 * for the test file, a signed-in client per role kept across the file's tests, direct reads of
 * the database, and the check that no personal data leaks into a response.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Role } from '../../src/domain/permissions.js';
import { createTestUser, TestClient, type TestUser } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

export interface CertificationHarness {
  /** The file's app, database and clock (available from its `beforeAll` on). */
  readonly app: TestApp['app'];
  readonly db: TestApp['db'];
  readonly clock: TestApp['clock'];
  /** A client signed in as a user of the role; the same user for every call in the file. */
  as(role: Role): Promise<TestClient>;
  /** The user behind `as(role)`, once it has signed in. */
  userOf(role: Role): TestUser;
  /** Rows of a query run directly on the test database. */
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** Builds the app before the file's tests and closes it after them. */
export function certificationTestApp(): CertificationHarness {
  let current: TestApp | undefined;
  const signedIn = new Map<Role, { client: TestClient; user: TestUser }>();
  beforeAll(async () => {
    current = await createTestApp();
  });
  afterAll(async () => {
    await current?.close();
  });
  const t = (): TestApp => {
    if (!current) throw new Error('the certification app is built in beforeAll');
    return current;
  };
  return {
    get app() {
      return t().app;
    },
    get db() {
      return t().db;
    },
    get clock() {
      return t().clock;
    },
    async as(role) {
      const existing = signedIn.get(role);
      if (existing) {
        // The tests move the clock: a session may have timed out since.
        if ((await existing.client.get('/api/me')).statusCode !== 200) {
          await existing.client.signIn(existing.user.username, existing.user.password);
        }
        return existing.client;
      }
      const user = await createTestUser(t().app, role);
      const client = new TestClient(t().app);
      const response = await client.signIn(user.username, user.password);
      if (response.statusCode !== 200) throw new Error(response.body);
      signedIn.set(role, { client, user });
      return client;
    },
    userOf(role) {
      const session = signedIn.get(role);
      if (!session) throw new Error(`no ${role} has signed in yet`);
      return session.user;
    },
    rows(sql, params = []) {
      return t().db.database.raw.query<Record<string, unknown>>(sql, params);
    },
  };
}

/** A mobile number as the platform shows it: 139****5678. */
export const mask = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

/** Fails with the personal values found in a response body. */
export function expectNoPersonalData(body: string, values: string[]): void {
  const found = values.filter((value) => body.includes(value));
  expect(found).toEqual([]);
  // No 11-digit mainland mobile number at all, whoever's it is.
  expect(body.match(/(?<![0-9A-Z])1[3-9]\d{9}(?!\d)/g)).toBeNull();
}

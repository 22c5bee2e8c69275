import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, users } from '../../src/db/schema/index.js';
import { isValidCreditCode } from '../../src/domain/identifiers.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/modules/accounts/demo-accounts.js';
import { seedDemoIfEmpty } from '../../src/seed/demo.js';
import { problemOf, TestClient, totpCode, wrongTotpCode } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let summary: string[];

beforeAll(async () => {
  t = await createTestApp();
  const seeded = await seedDemoIfEmpty(t.app.services);
  if (!seeded) throw new Error('the empty database was not seeded');
  summary = seeded.summary;
});
afterAll(async () => {
  await t.close();
});

describe('demo seed', () => {
  it('seeds nothing on a second start', async () => {
    const before = await t.db.database.db.select().from(users);
    expect(await seedDemoIfEmpty(t.app.services)).toBeNull();
    expect(await t.db.database.db.select().from(users)).toHaveLength(before.length);
  });

  it('creates the organisations of the measures, with valid credit codes', async () => {
    const rows = await t.db.database.db.select().from(organisations);
    expect(rows.map((row) => [row.kind, row.departmentCode, row.name])).toEqual(
      expect.arrayContaining([
        ['operator', null, '海安云平台服务方'],
        ['department', 'data_bureau', '海安市数据局'],
        ['department', 'drc', '海安市发展和改革委员会'],
        ['department', 'finance', '海安市财政局'],
        ['enterprise', null, '海安示范智能制造有限公司'],
        ['platform', null, '云券平台运维'],
      ]),
    );
    const coded = rows.filter(
      (row) => row.kind === 'operator' || row.name === '海安示范智能制造有限公司',
    );
    expect(coded).toHaveLength(2);
    for (const row of coded) expect(isValidCreditCode(row.creditCode ?? '')).toBe(true);
  });

  it.each(DEMO_ACCOUNTS.filter((account) => !account.totpSecret))(
    'lets $username sign in as $role with the demo password',
    async (account) => {
      const client = new TestClient(t.app);
      expect((await client.signIn(account.username, DEMO_PASSWORD)).json()).toEqual({
        status: 'signed-in',
      });
      const me = (await client.get('/api/me')).json();
      expect(me.user).toMatchObject({
        role: account.role,
        organisation: { name: account.organisationName },
      });
    },
  );

  it('shows the second factor on the one demo official who has it', async () => {
    const account = DEMO_ACCOUNTS.find((candidate) => candidate.totpSecret)!;
    const client = new TestClient(t.app);
    expect((await client.signIn(account.username, DEMO_PASSWORD)).json()).toEqual({
      status: 'totp-required',
    });
    const wrong = await client.post('/api/session/totp', {
      code: wrongTotpCode(account.totpSecret!),
    });
    expect(problemOf(wrong).code).toBe('INVALID_TOTP_CODE');
    const right = await client.post('/api/session/totp', { code: totpCode(account.totpSecret!) });
    expect(right.statusCode).toBe(200);
    expect((await client.get('/api/me')).json().user.twoFactorEnabled).toBe(true);
  });

  it('prints every demo login with its Chinese role name and the TOTP secret', () => {
    const text = summary.join('\n');
    for (const account of DEMO_ACCOUNTS) expect(text).toContain(account.username);
    expect(text).toContain('市数据局管理员');
    expect(text).toContain(DEMO_PASSWORD);
    expect(text).toContain(DEMO_ACCOUNTS.find((account) => account.totpSecret)!.totpSecret);
  });

  it('stores demo users like any other: hashed passwords, normalised usernames', async () => {
    const [row] = await t.db.database.db
      .select()
      .from(users)
      .where(eq(users.username, 'bureau-admin'));
    expect(row).toMatchObject({ twoFactorEnabled: true, role: 'data_bureau_admin' });
  });
});

describe('demo seed in production', () => {
  it('is refused', async () => {
    const { seedDemo } = await import('../../src/seed/demo.js');
    const production = {
      ...t.app.services,
      config: { ...t.app.services.config, isProduction: true },
    };
    await expect(seedDemo(production)).rejects.toThrow(/never seeded in production/);
  });
});

/**
 * TRUST_PROXY (issue 10 §1.3): X-Forwarded-For is believed only from configured proxies, so a
 * client cannot reset the per-address sign-in limits or forge the address in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestUser } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

describe('TRUST_PROXY is parsed once and validated', () => {
  const parse = (value?: string) =>
    loadConfig({ NODE_ENV: 'test', ...(value === undefined ? {} : { TRUST_PROXY: value }) })
      .trustProxy;

  it('is off by default and when set to off/false', () => {
    expect(parse()).toBe(false);
    expect(parse('off')).toBe(false);
    expect(parse('false')).toBe(false);
  });

  it('takes a hop count or a comma list of addresses and CIDRs', () => {
    expect(parse('1')).toBe(1);
    expect(parse('2')).toBe(2);
    expect(parse('10.0.0.1, 192.168.0.0/16,::1,fd00::/8')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['true', 'yes', 'proxy.internal', '10.0.0.1/33', '10.0.0', '0', '-1', ',']) {
      expect(() => parse(bad), bad).toThrow(ConfigError);
      expect(() => parse(bad), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

async function signInAuditAddress(t: TestApp, username: string): Promise<string | null> {
  await t.app.services.audit.drain();
  const rows = await t.app.services.database.raw.query<{ ip_address: string | null }>(
    `SELECT ip_address FROM audit_log WHERE action = 'auth.sign-in' AND detail->>'username' = $1
     ORDER BY entry_no DESC LIMIT 1`,
    [username],
  );
  return rows[0]?.ip_address ?? null;
}

function failedSignIn(t: TestApp, username: string, from: string, forwardedFor?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/session/sign-in',
    remoteAddress: from,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { username, password: 'Wrong-pass-1' },
  });
}

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('X-Forwarded-For is ignored: the audit trail has the real address', async () => {
    const user = await createTestUser(t.app, 'operator_staff');
    const response = await failedSignIn(t, user.username, '10.20.30.40', '1.2.3.4');
    expect(response.statusCode).toBe(401);
    expect(await signInAuditAddress(t, user.username)).toBe('10.20.30.40');
  });

  it('changing X-Forwarded-For does not reset the per-address sign-in limit', async () => {
    const statuses: number[] = [];
    // Sign-in allows 20 attempts a minute per address (accounts.routes.ts).
    for (let i = 0; i < 22; i++) {
      const user = `nobody-${i}`;
      statuses.push((await failedSignIn(t, user, '10.20.30.41', `7.7.7.${i}`)).statusCode);
    }
    expect(statuses.slice(-2)).toEqual([429, 429]);
  }, 60_000);
});

describe('with TRUST_PROXY set to the proxy address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '10.0.0.1' } });
  });
  afterAll(() => t.close());

  it('believes X-Forwarded-For from the proxy only', async () => {
    const user = await createTestUser(t.app, 'operator_staff');
    await failedSignIn(t, user.username, '10.0.0.1', '1.2.3.4');
    expect(await signInAuditAddress(t, user.username)).toBe('1.2.3.4');
    await failedSignIn(t, user.username, '10.0.0.2', '5.6.7.8');
    expect(await signInAuditAddress(t, user.username)).toBe('10.0.0.2');
  });
});

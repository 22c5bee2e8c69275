import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextMobile } from '../certification/support.js';
import { createTestUser, problemOf, TEST_PASSWORD, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { type FakeService, startFakeService } from './fake-service.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const mask = (mobile: string) => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

function form(mobile: string, code: string, overrides: Record<string, unknown> = {}) {
  return {
    mobile,
    code,
    password: TEST_PASSWORD,
    name: '张经办',
    acceptTerms: true,
    termsVersion: '2024-10',
    ...overrides,
  };
}

/** Requests a code from a fresh address (the per-address limit is not what is tested). */
async function requestCode(mobile: string) {
  return new TestClient(t.app).post('/api/registration/codes', { mobile });
}

async function countRows(table: string, where = 'TRUE', params: unknown[] = []) {
  const [row] = await t.db.database.raw.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
    params,
  );
  return Number(row?.n);
}

describe('terms', () => {
  it('publishes the personal-information rules with their version', async () => {
    const response = await new TestClient(t.app).get('/api/registration/terms');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toBe('2024-10');
    expect(body.title).toContain('个人信息处理规则');
    for (const topic of ['手机号码', '身份证号码', '营业执照', '市数据局', '保存', '权利']) {
      expect(body.text).toContain(topic);
    }
  });
});

describe('registration', () => {
  it('sends a code, registers the agent into a new uncertified enterprise and signs in', async () => {
    const mobile = nextMobile();
    const client = new TestClient(t.app);
    const sent = await client.post('/api/registration/codes', { mobile: `+86 ${mobile}` });
    expect(sent.statusCode).toBe(202);
    const codeSent = sent.json();
    expect(codeSent).toMatchObject({
      sentTo: mask(mobile),
      expiresInSeconds: 300,
      resendAfterSeconds: 60,
    });
    expect(codeSent.demoCode).toMatch(/^\d{6}$/);

    // The code is stored hashed; the SMS went out and keeps no code once sent.
    const [stored] = await t.db.database.raw.query<{ code_hash: string }>(
      'SELECT code_hash FROM verification_codes WHERE mobile = $1',
      [mobile],
    );
    expect(stored?.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.code_hash).not.toContain(codeSent.demoCode);
    const [message] = await t.app.services.outbox.listFor(mask(mobile));
    expect(message).toMatchObject({ channel: 'sms', status: 'sent', attempts: 1 });
    expect(message?.body).toContain('验证码：******');
    expect(message?.body).not.toContain(codeSent.demoCode);

    const registered = await client.post('/api/registration', form(mobile, codeSent.demoCode));
    expect(registered.statusCode).toBe(201);
    const body = registered.json();
    expect(body).toMatchObject({
      status: 'signed-in',
      user: { name: '张经办', mobile: mask(mobile), username: expect.stringMatching(/^agent-/) },
      organisation: { name: `未认证企业（${mask(mobile)}）` },
    });
    expect(JSON.stringify(body)).not.toContain(mobile.slice(3));
    expect(String(registered.headers['set-cookie'])).toContain('yunquan.session_token=');

    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({
      role: 'enterprise_agent',
      organisation: { id: body.organisation.id, kind: 'enterprise' },
    });
    expect(me.json().permissions).toContain('certification.own');

    const [organisation] = await t.db.database.raw.query<{
      credit_code: string | null;
      certified_at: Date | null;
    }>('SELECT credit_code, certified_at FROM organisations WHERE id = $1', [body.organisation.id]);
    expect(organisation).toEqual({ credit_code: null, certified_at: null });

    const [terms] = await t.db.database.raw.query<{ terms_version: string; ip_address: string }>(
      'SELECT terms_version, ip_address FROM terms_acceptances WHERE user_id = $1',
      [body.user.id],
    );
    expect(terms).toEqual({ terms_version: '2024-10', ip_address: client.ip });

    // Neither the code request, the registration nor its sign-in writes the number in the clear.
    await t.app.services.audit.drain();
    const trail = await t.db.database.raw.query('SELECT * FROM audit_log');
    expect(trail.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(trail)).not.toContain(mobile);

    // The mobile number is the sign-in name from now on.
    expect((await new TestClient(t.app).signIn(mobile)).statusCode).toBe(200);

    await t.app.services.audit.drain();
    const [audit] = await t.db.database.raw.query<{ outcome: string; target_id: string }>(
      `SELECT outcome, target_id FROM audit_log WHERE action = 'registration.register'
        AND target_id = $1`,
      [body.user.id],
    );
    expect(audit).toEqual({ outcome: 'success', target_id: body.user.id });
  });

  it('refuses an invalid mobile number', async () => {
    for (const mobile of ['12345', '2380000111', 'abcdefghijk']) {
      const response = await requestCode(mobile);
      expect(response.statusCode).toBe(400);
      expect(problemOf(response).code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses a mobile number that is already registered, for codes and registration', async () => {
    const mobile = nextMobile();
    await createTestUser(t.app, 'operator_staff', { mobile });
    const code = await requestCode(mobile);
    expect(code.statusCode).toBe(409);
    expect(problemOf(code).code).toBe('MOBILE_TAKEN');
    const register = await new TestClient(t.app).post('/api/registration', form(mobile, '123456'));
    expect(register.statusCode).toBe(409);
    expect(problemOf(register).code).toBe('MOBILE_TAKEN');
  });

  it('refuses a weak password without using the code up', async () => {
    const mobile = nextMobile();
    const { demoCode } = (await requestCode(mobile)).json();
    const client = new TestClient(t.app);
    const weak = await client.post(
      '/api/registration',
      form(mobile, demoCode, { password: 'abc' }),
    );
    expect(weak.statusCode).toBe(400);
    expect(problemOf(weak)).toMatchObject({
      code: 'WEAK_PASSWORD',
      problems: ['TOO_SHORT', 'TOO_FEW_CHARACTER_CLASSES'],
    });
    expect(await countRows('users', 'mobile = $1', [mobile])).toBe(0);
    expect((await client.post('/api/registration', form(mobile, demoCode))).statusCode).toBe(201);
  });

  it('requires the current terms to be accepted, and creates nothing otherwise', async () => {
    const mobile = nextMobile();
    const { demoCode } = (await requestCode(mobile)).json();
    const organisations = await countRows('organisations');
    for (const overrides of [{ acceptTerms: false }, { termsVersion: '2023-01' }]) {
      const response = await new TestClient(t.app).post(
        '/api/registration',
        form(mobile, demoCode, overrides),
      );
      expect(response.statusCode).toBe(400);
      expect(problemOf(response)).toMatchObject({
        code: 'TERMS_NOT_ACCEPTED',
        termsVersion: '2024-10',
      });
    }
    const missing = await new TestClient(t.app).post('/api/registration', {
      mobile,
      code: demoCode,
      password: TEST_PASSWORD,
      name: '张经办',
    });
    expect(missing.statusCode).toBe(400);
    expect(problemOf(missing).code).toBe('VALIDATION_FAILED');
    expect(await countRows('organisations')).toBe(organisations);
    expect(await countRows('users', 'mobile = $1', [mobile])).toBe(0);
  });

  it('refuses a wrong code, counts the attempts, and gives up after five', async () => {
    const mobile = nextMobile();
    const { demoCode } = (await requestCode(mobile)).json();
    const wrong = demoCode === '000000' ? '111111' : '000000';
    const client = new TestClient(t.app);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await client.post('/api/registration', form(mobile, wrong));
      expect(response.statusCode).toBe(400);
      expect(problemOf(response)).toMatchObject({
        code: 'CODE_INVALID',
        remainingAttempts: 5 - attempt,
      });
    }
    const exhausted = await client.post('/api/registration', form(mobile, demoCode));
    expect(exhausted.statusCode).toBe(400);
    expect(problemOf(exhausted).code).toBe('CODE_ATTEMPTS_EXCEEDED');
    expect(await countRows('users', 'mobile = $1', [mobile])).toBe(0);

    // A new code (after the minimum interval) works.
    t.clock.advance(60_000);
    const fresh = (await requestCode(mobile)).json().demoCode;
    expect((await client.post('/api/registration', form(mobile, fresh))).statusCode).toBe(201);
  });

  it('refuses an expired code, and an earlier code once a newer one was sent', async () => {
    const mobile = nextMobile();
    const first = (await requestCode(mobile)).json().demoCode;
    t.clock.advance(300_000);
    const expired = await new TestClient(t.app).post('/api/registration', form(mobile, first));
    expect(expired.statusCode).toBe(400);
    expect(problemOf(expired).code).toBe('CODE_EXPIRED');

    const second = (await requestCode(mobile)).json().demoCode;
    if (second !== first) {
      const stale = await new TestClient(t.app).post('/api/registration', form(mobile, first));
      expect(problemOf(stale).code).toBe('CODE_INVALID');
    }
    t.clock.advance(299_000);
    const client = new TestClient(t.app);
    expect((await client.post('/api/registration', form(mobile, second))).statusCode).toBe(201);
    // A code works once.
    const again = await new TestClient(t.app).post('/api/registration', form(mobile, second));
    expect(problemOf(again).code).toBe('MOBILE_TAKEN');
  });

  it('refuses a code when none was sent', async () => {
    const response = await new TestClient(t.app).post(
      '/api/registration',
      form(nextMobile(), '123456'),
    );
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe('CODE_INVALID');
  });
});

describe('code limits per number', () => {
  it('keeps 60 seconds between codes, with Retry-After', async () => {
    const mobile = nextMobile();
    expect((await requestCode(mobile)).statusCode).toBe(202);
    t.clock.advance(45_000);
    const soon = await requestCode(mobile);
    expect(soon.statusCode).toBe(429);
    expect(problemOf(soon)).toMatchObject({ code: 'CODE_TOO_SOON', retryAfter: 15 });
    expect(soon.headers['retry-after']).toBe('15');
    t.clock.advance(15_000);
    expect((await requestCode(mobile)).statusCode).toBe(202);
    expect(await countRows('verification_codes', 'mobile = $1', [mobile])).toBe(2);
  });

  it('sends at most 5 an hour and 10 in a day', async () => {
    const mobile = nextMobile();
    for (let i = 0; i < 5; i++) {
      expect((await requestCode(mobile)).statusCode).toBe(202);
      t.clock.advance(61_000);
    }
    // 5 × 61 s have passed since the first: the hour frees up 3600 − 305 s after it.
    const hourly = await requestCode(mobile);
    expect(hourly.statusCode).toBe(429);
    expect(problemOf(hourly)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 3600 - 305 });
    expect(hourly.headers['retry-after']).toBe(String(3600 - 305));

    t.clock.advance((3600 - 305) * 1000);
    for (let i = 0; i < 5; i++) {
      expect((await requestCode(mobile)).statusCode).toBe(202);
      t.clock.advance(61_000);
    }
    t.clock.advance(3_600_000);
    const daily = await requestCode(mobile);
    expect(daily.statusCode).toBe(429);
    expect(problemOf(daily).code).toBe('RATE_LIMITED');
    expect(problemOf(daily).detail).toContain('每天 10 次');
    expect(await countRows('verification_codes', 'mobile = $1', [mobile])).toBe(10);

    t.clock.advance(24 * 3_600_000);
    expect((await requestCode(mobile)).statusCode).toBe(202);
  });

  it('limits codes per client address too', async () => {
    const client = new TestClient(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await client.post('/api/registration/codes', { mobile: nextMobile() })).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('outside demo mode, with an SMS gateway', () => {
  let gateway: FakeService;
  let live: TestApp;

  beforeAll(async () => {
    gateway = await startFakeService();
    live = await createTestApp({
      env: { DEMO: 'false', SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_KEY: 'gateway-key-1' },
    });
  });
  afterAll(async () => {
    await live.close();
    await gateway.close();
  });

  it('sends the code through the gateway and never shows it in the response', async () => {
    const mobile = nextMobile();
    const client = new TestClient(live.app);
    const sent = await client.post('/api/registration/codes', { mobile });
    expect(sent.statusCode).toBe(202);
    expect(sent.json().demoCode).toBeUndefined();

    const request = gateway.received.at(-1);
    expect(request?.headers.authorization).toBe('Bearer gateway-key-1');
    const { to, text } = (request?.body ?? {}) as { to?: string; text?: string };
    expect(to).toBe(mobile);
    expect(text).toMatch(/^【海安云资源券】/);
    const code = /验证码：(\d{6})/.exec(text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const registered = await client.post('/api/registration', form(mobile, code!));
    expect(registered.statusCode).toBe(201);
  });
});

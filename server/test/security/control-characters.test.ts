/**
 * Control characters (NUL and the other C0 controls but tab and line breaks, DEL, C1) in any
 * string a request carries are refused at validation: 400 VALIDATION_FAILED naming the field,
 * never a 500 from the database (issue 10 §1.6). Fuzz-ish: every registered route, as a role
 * that may call it, with a poisoned body field, query parameter and path parameter.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import {
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from '../../src/domain/permissions.js';
import type { RegisteredRoute } from '../../src/http/access.js';
import { findControlCharacter } from '../../src/http/control-characters.js';
import { signedInAs, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
const clients = new Map<Role, TestClient>();

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) clients.set(role, (await signedInAs(t.app, role)).client);
});
afterAll(() => t.close());

const POISON = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085'];

function clientFor(route: RegisteredRoute): TestClient | null {
  if (route.access === 'api-client') return null;
  if (route.access === 'public') return new TestClient(t.app);
  const role = ROLES.find((r) =>
    (ROLE_PERMISSIONS[r] as readonly Permission[]).includes(route.access as Permission),
  );
  return role ? (clients.get(role) ?? null) : null;
}

function refusal(response: { statusCode: number; body: string }) {
  let body: { code?: string; errors?: { field: string }[] } = {};
  try {
    body = JSON.parse(response.body);
  } catch {
    // not a problem document (a file, an empty 204): the status says enough
  }
  return { status: response.statusCode, code: body.code, fields: body.errors?.map((e) => e.field) };
}

describe('every route', () => {
  it('refuses a control character in a body field, naming it', async () => {
    const wrong: string[] = [];
    for (const route of t.app.registeredRoutes) {
      if (!['POST', 'PUT', 'PATCH'].includes(route.method) || !route.url.startsWith('/api/')) {
        continue;
      }
      const client = clientFor(route);
      if (!client) continue;
      const url = route.url.replace(/:[A-Za-z0-9_]+/g, 'probe');
      for (const poison of POISON) {
        const response = await client.request({
          method: route.method as 'POST',
          url,
          payload: { name: `名称${poison}`, nested: { items: [`ok`, `x${poison}`] } },
        });
        const got = refusal(response);
        if (
          got.status !== 400 ||
          got.code !== 'VALIDATION_FAILED' ||
          !got.fields?.some((f) => f === 'body.name' || f === 'body.nested.items.1')
        ) {
          wrong.push(
            `${route.method} ${route.url} ${JSON.stringify(poison)} → ${JSON.stringify(got)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('refuses a control character in a query parameter and a path parameter', async () => {
    const wrong: string[] = [];
    for (const route of t.app.registeredRoutes) {
      if (route.method !== 'GET' || !route.url.startsWith('/api/')) continue;
      const client = clientFor(route);
      if (!client) continue;
      const hasParams = /:[A-Za-z0-9_]+/.test(route.url);
      const url = route.url.replace(/:[A-Za-z0-9_]+/g, hasParams ? 'id%00' : 'probe');
      const response = await client.request({ method: 'GET', url: `${url}?q=a%00b` });
      const got = refusal(response);
      const fieldOk = got.fields?.some((f) => f === 'query.q' || f.startsWith('params.'));
      if (got.status !== 400 || got.code !== 'VALIDATION_FAILED' || !fieldOk) {
        wrong.push(`GET ${route.url} → ${JSON.stringify(got)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});

describe('the fields the probe found', () => {
  it('sign-in name', async () => {
    const response = await new TestClient(t.app).post('/api/session/sign-in', {
      username: 'operator\u0000',
      password: 'x',
    });
    expect(refusal(response)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['body.username'],
    });
    expect(response.json().detail).toMatch(/body\.username/);
    expect(response.json().detail).toMatch(/控制字符/);
  });

  it('API client name', async () => {
    const response = await clients
      .get('operator_admin')!
      .post('/api/operator/api-clients', { name: '计费\u0000系统' });
    expect(refusal(response)).toMatchObject({ status: 400, fields: ['body.name'] });
  });

  it('line breaks and tabs in free text are no control characters here', () => {
    expect(findControlCharacter({ reason: '第一行\n第二行\r\n\t缩进' })).toBeNull();
    expect(findControlCharacter({ a: [{ b: 'x\u0000' }] })).toEqual({ field: 'a.0.b', code: 0 });
    expect(findControlCharacter({ 'k\u0001': 'v' })).toEqual({ field: 'k\\u0001', code: 1 });
  });

  it('the open API: a deduction description with NUL is 400 naming it, no money moves', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const world = await buildVoucherWorld(t.app);
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const api = new YunquanClient({
      baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
      keyId: world.keyId,
      secret: world.secret,
      now: () => t.clock.now().getTime(),
    });
    const response = await api.raw('POST', '/deductions', {
      idempotencyKey: 'nul-1',
      body: {
        orderNo: 'NUL-1',
        creditCode,
        category: 'compute',
        amount: 100,
        description: '云主机\u0000',
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.description',
    ]);
    const search = await api.raw(
      'GET',
      `/enterprises/${encodeURIComponent(`${creditCode}\u0000`)}/vouchers`,
    );
    expect(search.status).toBe(400);
    const { vouchers } = await api.vouchers(creditCode);
    expect(vouchers[0].tranches[0].available).toBe(700_000);
  });
});

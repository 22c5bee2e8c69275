/**
 * The audit trail through the real app: what a state-changing request and a sign-in attempt
 * leave behind, and GET /api/audit — filters, paging, validation and the role matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { ROLES, roleHasPermission } from '../../src/domain/permissions.js';
import { type AuditEntry, AuditWriter } from '../../src/modules/audit/audit.writer.js';
import {
  TestClient as Client,
  createTestUser,
  organisationFor,
  signedInAs,
  type TestClient,
  type TestUser,
} from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: { client: TestClient; user: TestUser };

interface AuditItem {
  id: string;
  seq: number | null;
  sealed: boolean;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  actorRole: string | null;
  organisationId: string | null;
  organisationName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  requestId: string | null;
  ipAddress: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string | null;
}

async function search(query: Record<string, string | number>) {
  const params = new URLSearchParams(
    Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
  );
  const response = await admin.client.get(`/api/audit?${params}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: AuditItem[]; total: number };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedInAs(t.app, 'system_admin');
});

afterAll(async () => {
  await t.close();
});

describe('what gets recorded', () => {
  it('records a state-changing request with who, role, organisation, when, target, request id and IP', async () => {
    const organisationId = await organisationFor(t.app, 'drc_officer');
    t.clock.advance(1_250);
    const now = t.clock.now().toISOString();
    const response = await admin.client.post('/api/admin/users', {
      username: 'recorded-user',
      name: '周记录',
      role: 'drc_officer',
      organisationId,
    });
    expect(response.statusCode).toBe(201);
    const created = response.json() as { user: { id: string } };

    const { items } = await search({ action: 'users.create', q: 'recorded-user' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      occurredAt: now,
      actorUserId: admin.user.id,
      actorName: `测试 ${admin.user.username}`,
      actorRole: 'system_admin',
      organisationId: admin.user.organisationId,
      organisationName: '测试单位 platform',
      action: 'users.create',
      targetType: 'user',
      targetId: created.user.id,
      outcome: 'success',
      requestId: response.headers['x-request-id'],
      ipAddress: admin.client.ip,
      detail: { status: 201, username: 'recorded-user', role: 'drc_officer', organisationId },
    });
  });

  it('records refused and failed requests with their outcome', async () => {
    const { client, user } = await signedInAs(t.app, 'finance_officer');
    t.clock.advance(1_000);
    const from = t.clock.now().toISOString();
    const denied = await client.post('/api/admin/users', { username: 'nope' });
    expect(denied.statusCode).toBe(403);
    const invalid = await admin.client.post('/api/admin/users', { username: '1' });
    expect(invalid.statusCode).toBe(400);

    const { items } = await search({ from, action: 'users.create' });
    expect(items.map((item) => [item.actorUserId, item.outcome, item.detail?.status])).toEqual([
      [admin.user.id, 'failure', 400],
      [user.id, 'denied', 403],
    ]);
    expect(items[1]).toMatchObject({
      actorRole: 'finance_officer',
      requestId: denied.headers['x-request-id'],
    });
  });

  it('records sign-in attempts, failed ones included', async () => {
    const user = await createTestUser(t.app, 'operator_staff');
    t.clock.advance(1_000);
    const now = t.clock.now().toISOString();
    const browser = new Client(t.app);
    expect((await browser.signIn(user.username, 'Wrong-pass-1')).statusCode).toBe(401);
    expect((await browser.signIn(user.username, user.password)).statusCode).toBe(200);

    const { items } = await search({ actor: user.username, action: 'auth.sign-in' });
    expect(items.map((item) => item.outcome)).toEqual(['success', 'failure']);
    for (const item of items) {
      expect(item).toMatchObject({
        actorUserId: user.id,
        actorRole: 'operator_staff',
        organisationId: user.organisationId,
        ipAddress: browser.ip,
        occurredAt: now,
      });
    }
  });

  it('leaves a chain that verifies, once sealed', async () => {
    const before = await t.app.services.auditLog.verify();
    expect(before).toMatchObject({ ok: true, unsealed: { count: expect.any(Number) } });
    expect(before.unsealed.count).toBeGreaterThan(5);
    await t.app.services.auditSealer.sealAll();
    const result = await t.app.services.auditLog.verify();
    expect(result.unsealed).toEqual({ count: 0, oldestAt: null });
    expect(result.ok).toBe(true);
    expect(result.rows).toBeGreaterThan(5);
  });
});

describe('GET /api/audit', () => {
  // Rows of their own in May 2026, away from the rows the requests above left, written with a
  // clock of their own: moving the app's clock that far would end the sessions.
  const MAY = '2026-05-01T00:00:00.000Z';
  const JUNE = '2026-06-01T00:00:00.000Z';
  let reviewerId: string;

  beforeAll(async () => {
    const reviewer = await createTestUser(t.app, 'data_bureau_reviewer', { username: 'chen-jing' });
    reviewerId = reviewer.id;
    const rows: AuditEntry[] = [];
    for (let i = 0; i < 30; i++) {
      rows.push({
        actorUserId: i % 2 === 0 ? reviewerId : 'someone-else',
        actorName: i % 2 === 0 ? '陈静' : '王磊',
        actorRole: i % 2 === 0 ? 'data_bureau_reviewer' : 'operator_staff',
        organisationId: i % 2 === 0 ? reviewer.organisationId : null,
        action:
          i % 3 === 0 ? 'certification.approve' : i % 3 === 1 ? 'claims.submit' : 'claims.review',
        targetType: i % 3 === 0 ? 'enterprise' : 'claim',
        targetId: `T-${String(i).padStart(3, '0')}`,
        outcome: i % 5 === 4 ? 'failure' : 'success',
        detail: { note: i === 17 ? '含有 100%_折扣 字样' : `row ${i}` },
      });
    }
    const clock = new ManualClock(MAY);
    const writer = new AuditWriter(t.db.database, clock);
    for (const row of rows) {
      await writer.append(row);
      clock.advance(3_600_000);
    }
  });

  const may = { from: MAY, to: JUNE };

  it('lists newest first with the total, in pages', async () => {
    const first = await search({ ...may, pageSize: 12 });
    expect(first.total).toBe(30);
    expect(first.items.map((item) => item.targetId)).toEqual(
      Array.from({ length: 12 }, (_, i) => `T-${String(29 - i).padStart(3, '0')}`),
    );
    const third = await search({ ...may, pageSize: 12, page: 3 });
    expect(third.items.map((item) => item.targetId)).toEqual(
      Array.from({ length: 6 }, (_, i) => `T-${String(5 - i).padStart(3, '0')}`),
    );
    const beyond = await search({ ...may, pageSize: 12, page: 4 });
    expect(beyond).toEqual({ items: [], total: 30 });
  });

  it('shows a row unsealed (待封存) until the sealer has chained it, then its seq and hash', async () => {
    const [newest] = (await search({ ...may, pageSize: 1 })).items;
    expect(newest).toMatchObject({ sealed: false, seq: null, prevHash: null, hash: null });
    await t.app.services.auditSealer.sealAll();
    const [sealed] = (await search({ ...may, pageSize: 1 })).items;
    expect(sealed).toMatchObject({
      id: newest?.id,
      sealed: true,
      seq: expect.any(Number),
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('bounds by time: from inclusive, to exclusive', async () => {
    const at = (hours: number) => new Date(Date.parse(MAY) + hours * 3_600_000).toISOString();
    const window = await search({ from: at(3), to: at(6) });
    expect(window.items.map((item) => item.targetId)).toEqual(['T-005', 'T-004', 'T-003']);
    // The same instant written with an offset.
    const offset = await search({ from: '2026-05-01T11:00:00+08:00', to: at(6) });
    expect(offset.total).toBe(3);
  });

  it('filters by actor: user id, part of the name, part of the username', async () => {
    expect((await search({ ...may, actor: reviewerId })).total).toBe(15);
    expect((await search({ ...may, actor: '王' })).total).toBe(15);
    const byUsername = await search({ ...may, actor: 'chen-j' });
    expect(byUsername.total).toBe(15);
    expect(byUsername.items.every((item) => item.actorUserId === reviewerId)).toBe(true);
    expect(byUsername.items[0]?.organisationName).toBe('测试单位 department data_bureau');
  });

  it('filters by action prefix and by outcome, and combines filters', async () => {
    expect((await search({ ...may, action: 'claims.' })).total).toBe(20);
    expect((await search({ ...may, action: 'claims.review' })).total).toBe(10);
    expect((await search({ ...may, action: 'review' })).total).toBe(0);
    expect((await search({ ...may, outcome: 'failure' })).total).toBe(6);
    const combined = await search({ ...may, action: 'claims.', outcome: 'failure', actor: '陈静' });
    expect(combined.items.map((item) => item.targetId)).toEqual(['T-014', 'T-004']);
  });

  it('searches text in the action, the target and the detail, taking % and _ literally', async () => {
    expect((await search({ ...may, q: 'T-02' })).total).toBe(10);
    expect((await search({ ...may, q: 'ENTERPRISE' })).total).toBe(10);
    expect((await search({ ...may, q: 'approve' })).total).toBe(10);
    const literal = await search({ ...may, q: '100%_折' });
    expect(literal.items.map((item) => item.targetId)).toEqual(['T-017']);
    expect((await search({ ...may, q: '%' })).total).toBe(1);
    expect((await search({ ...may, actor: '_' })).total).toBe(0);
  });

  it('treats empty filters as absent', async () => {
    expect((await search({ ...may, actor: '', q: '', action: '' })).total).toBe(30);
  });

  it.each([
    ['outcome=maybe', 'querystring.outcome'],
    ['pageSize=0', 'querystring.pageSize'],
    ['pageSize=201', 'querystring.pageSize'],
    ['page=abc', 'querystring.page'],
    ['from=yesterday', 'querystring.from'],
    ['from=2026-05-01T00:00:00', 'querystring.from'],
    [`from=${encodeURIComponent(JUNE)}&to=${encodeURIComponent(MAY)}`, 'querystring.to'],
    [`q=${'x'.repeat(201)}`, 'querystring.q'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (query, field) => {
    const response = await admin.client.get(`/api/audit?${query}`);
    expect(response.statusCode).toBe(400);
    const problem = response.json() as { code: string; errors: { field: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((error) => error.field)).toContain(field);
  });

  it('answers 401 without a session', async () => {
    const response = await new Client(t.app).get('/api/audit');
    expect(response.statusCode).toBe(401);
    expect((response.json() as { code: string }).code).toBe('UNAUTHENTICATED');
  });

  it.each(ROLES.map((role) => [role, roleHasPermission(role, 'audit.read')] as const))(
    'role %s: allowed = %s',
    async (role, allowed) => {
      const { client } = await signedInAs(t.app, role);
      const response = await client.get('/api/audit?pageSize=1');
      if (allowed) {
        expect(response.statusCode).toBe(200);
        expect((response.json() as { total: number }).total).toBeGreaterThan(0);
      } else {
        expect(response.statusCode).toBe(403);
        expect((response.json() as { code: string }).code).toBe('FORBIDDEN');
      }
    },
  );

  it('gives audit.read to exactly the Data Bureau and system administrators', () => {
    expect(ROLES.filter((role) => roleHasPermission(role, 'audit.read'))).toEqual([
      'data_bureau_reviewer',
      'data_bureau_admin',
      'system_admin',
    ]);
  });
});

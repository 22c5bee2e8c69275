/**
 * The operator's voucher batch: configured against an approved plan, issued once; from then
 * on every published entry of the year is an offer (offerFor), certified enterprises are told,
 * and entries published later are offers too.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerFor } from '../../src/modules/voucher-batches/offers.query.js';
import { problemOf, signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createEnterprise, createUserRow } from '../helpers/fixtures.js';
import { csvOf, listRow, upload } from '../star-lists/support.js';

let t: TestApp;
let bureau: TestClient;
let drc: TestClient;
let operator: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.services.policies.ensureDefault();
  bureau = (await signedInAs(t.app, 'data_bureau_admin')).client;
  drc = (await signedInAs(t.app, 'drc_officer')).client;
  operator = (await signedInAs(t.app, 'operator_admin')).client;
});
afterAll(() => t.close());

const OPENS = '2026-03-01T00:00:00+08:00';
const CLOSES = '2027-01-01T00:00:00+08:00';

async function plan(listYear: number, approve = true): Promise<string> {
  const response = await bureau.post('/api/plans', {
    listYear,
    title: `${listYear}年度发放计划`,
    totalBudget: 100_000_000,
    claimOpensAt: OPENS,
    claimClosesAt: CLOSES,
  });
  expect(response.statusCode, response.body).toBe(201);
  const { id } = response.json().plan;
  if (approve) expect((await bureau.post(`/api/plans/${id}/approve`)).statusCode).toBe(200);
  return id;
}

async function publishList(listYear: number, rows: Array<[number, number]>): Promise<string> {
  const response = await upload(
    drc,
    '/api/star-lists/import',
    { name: 'list.csv', bytes: csvOf(rows.map(([n, star]) => listRow(n, star))) },
    { listYear: String(listYear), title: '名单' },
  );
  expect(response.statusCode, response.body).toBe(201);
  const { id } = response.json().batch;
  expect((await drc.post(`/api/star-lists/batches/${id}/publish`)).statusCode).toBe(200);
  return id;
}

/** An enterprise on the platform with a user, certified or not. */
async function enterprise(n: number, certified: boolean) {
  const sql = t.db.database.raw;
  const created = await createEnterprise(sql, n);
  if (certified) {
    await sql.query('UPDATE organisations SET certified_at = now() WHERE id = $1', [created.id]);
  }
  const userId = await createUserRow(sql, { organisationId: created.id, role: 'enterprise_agent' });
  return { ...created, userId };
}

async function notificationsOf(userId: string) {
  return t.db.database.raw.query<{ kind: string; title: string; body: string; link: string }>(
    'SELECT kind, title, body, link FROM notifications WHERE user_id = $1',
    [userId],
  );
}

async function configure(planId: string) {
  const response = await operator.post('/api/voucher-batches', {
    planId,
    name: '2029年度云资源券',
    claimInstructions: '请在“认领资源券”页上传与海安云签订的服务合同。',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; status: string };
}

describe('voucher batches', () => {
  it('needs an approved plan, and one batch per plan', async () => {
    const draft = await plan(2030, false);
    const refused = await operator.post('/api/voucher-batches', {
      planId: draft,
      name: 'x',
      claimInstructions: 'y',
    });
    expect(refused.statusCode).toBe(409);
    expect(problemOf(refused).code).toBe('PLAN_NOT_APPROVED');
    const unknown = await operator.post('/api/voucher-batches', {
      planId: randomUUID(),
      name: 'x',
      claimInstructions: 'y',
    });
    expect(problemOf(unknown).code).toBe('PLAN_NOT_FOUND');

    await bureau.post(`/api/plans/${draft}/approve`);
    const batch = await configure(draft);
    expect(batch).toMatchObject({ status: 'configured', plan: { listYear: 2030 } });
    const twice = await operator.post('/api/voucher-batches', {
      planId: draft,
      name: 'x',
      claimInstructions: 'y',
    });
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice).code).toBe('VOUCHER_BATCH_EXISTS');
  });

  it('issues once: published entries become offers, certified enterprises are notified', async () => {
    const year = 2029;
    const planId = await plan(year);
    await publishList(year, [
      [901, 5],
      [902, 3],
      [903, 4],
    ]);
    const certified = await enterprise(901, true);
    const uncertified = await enterprise(902, false);
    const batch = await configure(planId);

    // Configured, not issued: no offer yet.
    expect(
      await offerFor(t.db.database.raw, { creditCode: certified.creditCode, now: t.clock.now() }),
    ).toEqual([]);

    const edited = await operator.patch(`/api/voucher-batches/${batch.id}`, {
      claimInstructions: '登录后在“认领资源券”页上传服务合同，市数据局审核后发放。',
    });
    expect(edited.statusCode).toBe(200);

    const issued = await operator.post(`/api/voucher-batches/${batch.id}/issue`);
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({
      batch: { status: 'issued', offerCount: 3, issuedAt: t.clock.now().toISOString() },
      notified: 1,
    });
    const again = await operator.post(`/api/voucher-batches/${batch.id}/issue`);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('VOUCHER_BATCH_ISSUED');
    const late = await operator.patch(`/api/voucher-batches/${batch.id}`, { name: '改名' });
    expect(problemOf(late).code).toBe('VOUCHER_BATCH_ISSUED');

    const [audit] = await t.db.database.raw.query<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE action = 'voucher-batch.issue' AND target_id = $1
        ORDER BY entry_no LIMIT 1`,
      [batch.id],
    );
    expect(audit?.outcome).toBe('success');

    const offers = await offerFor(t.db.database.raw, {
      creditCode: certified.creditCode,
      now: t.clock.now(),
    });
    expect(offers).toEqual([
      {
        entryId: expect.any(String),
        listYear: year,
        star: 5,
        amount: 5_000_000,
        enterpriseName: '海安测试企业901有限公司',
        creditCode: certified.creditCode,
        city: '南通市',
        county: '海安市',
        starListBatchId: expect.any(String),
        planId,
        voucherBatchId: batch.id,
        claimOpensAt: new Date(OPENS),
        claimClosesAt: new Date(CLOSES),
        windowOpen: true,
        claimInstructions: '登录后在“认领资源券”页上传服务合同，市数据局审核后发放。',
        claim: null,
      },
    ]);
    // The window decides windowOpen, from the clock it is given.
    const [afterWindow] = await offerFor(t.db.database.raw, {
      creditCode: certified.creditCode,
      now: new Date(CLOSES),
    });
    expect(afterWindow?.windowOpen).toBe(false);
    expect(
      await offerFor(t.db.database.raw, {
        creditCode: certified.creditCode,
        listYear: year + 1,
        now: t.clock.now(),
      }),
    ).toEqual([]);

    expect(await notificationsOf(certified.userId)).toEqual([
      {
        kind: 'offer.available',
        title: '2029年度云资源券可认领',
        body: expect.stringContaining(
          '可认领“海安云”资源券 ¥50,000.00。认领时间：2026-03-01 至 2026-12-31。',
        ),
        link: '/enterprise/claim',
      },
    ]);
    expect(await notificationsOf(uncertified.userId)).toEqual([]);
    // The uncertified enterprise still has its offer: it sees it once certified.
    expect(
      await offerFor(t.db.database.raw, { creditCode: uncertified.creditCode, now: t.clock.now() }),
    ).toHaveLength(1);
  });

  it('makes entries published after the issue offers too, and notifies their enterprises', async () => {
    const year = 2031;
    const planId = await plan(year);
    const batch = await configure(planId);
    expect((await operator.post(`/api/voucher-batches/${batch.id}/issue`)).json().notified).toBe(0);

    const later = await enterprise(3101, true);
    await publishList(year, [[3101, 4]]);
    const [offer] = await offerFor(t.db.database.raw, {
      creditCode: later.creditCode,
      now: t.clock.now(),
    });
    expect(offer).toMatchObject({ listYear: year, star: 4, amount: 2_000_000 });
    expect(await notificationsOf(later.userId)).toHaveLength(1);
  });

  it('lists the offers of a batch with each enterprise and claim', async () => {
    const year = 2032;
    const planId = await plan(year);
    await publishList(year, [
      [3201, 5],
      [3202, 3],
    ]);
    const claimant = await enterprise(3201, true);
    const batch = await configure(planId);
    await operator.post(`/api/voucher-batches/${batch.id}/issue`);
    const [offer] = await offerFor(t.db.database.raw, {
      creditCode: claimant.creditCode,
      now: t.clock.now(),
    });
    const claimId = randomUUID();
    await t.db.database.raw.query(
      `INSERT INTO claims (id, organisation_id, entry_id, list_year, status, current_round,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'submitted', 1, now(), now())`,
      [claimId, claimant.id, offer?.entryId, year],
    );
    expect(
      (
        await offerFor(t.db.database.raw, { creditCode: claimant.creditCode, now: t.clock.now() })
      )[0]?.claim,
    ).toEqual({ id: claimId, status: 'submitted' });

    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_reviewer');
    const list = await reviewer.get(`/api/voucher-batches/${batch.id}/offers`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      total: 2,
      items: [
        {
          seqNo: 3201,
          star: 5,
          amount: 5_000_000,
          enterprise: { organisationId: claimant.id, certified: true },
          claim: { id: claimId, status: 'submitted', voucherId: null },
        },
        { seqNo: 3202, star: 3, amount: 1_000_000, enterprise: null, claim: null },
      ],
    });
    const unclaimed = await reviewer.get(
      `/api/voucher-batches/${batch.id}/offers?claimStatus=none`,
    );
    expect(unclaimed.json().items.map((o: { seqNo: number }) => o.seqNo)).toEqual([3202]);
    const view = (await reviewer.get(`/api/voucher-batches/${batch.id}`)).json();
    expect(view).toMatchObject({
      offerCount: 2,
      claims: { submitted: 1, returned: 0, approved: 0 },
    });
    expect((await reviewer.get('/api/voucher-batches')).json().items.length).toBeGreaterThanOrEqual(
      1,
    );

    // Configuring and issuing are the operator administrator's.
    const { client: staff } = await signedInAs(t.app, 'operator_staff');
    expect((await staff.post(`/api/voucher-batches/${batch.id}/issue`)).statusCode).toBe(403);
  });
});

/**
 * 信息公开 over the demo programme: anyone may read the year's figures (no sign-in), they equal
 * what the platform holds, they carry no personal data, the CSV says the same, the recipients
 * list appears only when the Data Bureau administrator publishes it, and answers are cached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/accounts/demo-accounts.js';
import { seedDemoIfEmpty } from '../../src/seed/demo.js';
import { problemOf, signedInAs, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let voucherYear: number;

beforeAll(async () => {
  t = await createTestApp();
  if (!(await seedDemoIfEmpty(t.app.services))) throw new Error('the database was not seeded');
  const [row] = await t.app.services.database.raw.query<{ list_year: number }>(
    'SELECT min(list_year) AS list_year FROM vouchers',
  );
  voucherYear = row!.list_year;
}, 180_000);
afterAll(() => t.close());

async function as(username: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  const response = await client.signIn(username, DEMO_PASSWORD);
  expect(response.statusCode, response.body).toBe(200);
  return client;
}

describe('信息公开', () => {
  it('anyone reads the year’s figures, equal to what the platform holds, with no personal data', async () => {
    const anonymous = new TestClient(t.app);
    const response = await anonymous.get(`/api/public/transparency?year=${voucherYear}`);
    expect(response.statusCode).toBe(200);
    const { figures } = response.json();
    const sql = t.app.services.database.raw;
    const [vouchers] = await sql.query<{ n: string; amount: string }>(
      'SELECT count(*) AS n, sum(amount) AS amount FROM vouchers WHERE list_year = $1',
      [voucherYear],
    );
    expect(figures.vouchers.count).toBe(Number(vouchers?.n));
    expect(figures.vouchers.amount).toBe(Number(vouchers?.amount));
    expect(
      figures.vouchers.byStar.reduce((sum: number, row: { amount: number }) => sum + row.amount, 0),
    ).toBe(figures.vouchers.amount);
    const reviewer = await as('reviewer');
    const overview = (
      await reviewer.get(`/api/supervision/overview?listYear=${voucherYear}`)
    ).json();
    expect(figures.writtenOff.net).toBe(overview.writeOffs.net);
    expect(figures.writtenOff.net).toBeGreaterThan(0);
    expect(
      figures.writtenOff.byMonth.reduce((sum: number, row: { net: number }) => sum + row.net, 0),
    ).toBe(figures.writtenOff.net);
    expect(figures.enterprisesUsing).toBeGreaterThan(0);
    expect(figures.recipientsPublished).toBe(false);
    expect(figures.recipients).toBeNull();
    // Aggregates only: no credit code, mobile number or enterprise name leaves.
    const body = response.body;
    expect(body).not.toMatch(/[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}/);
    expect(body).not.toMatch(/1[3-9]\d{9}/);
    expect(body).not.toContain('有限公司');
  });

  it('the newest year when none is asked; a malformed year is refused in Chinese', async () => {
    const anonymous = new TestClient(t.app);
    const newest = (await anonymous.get('/api/public/transparency')).json();
    expect(newest.figures.listYear).toBe(newest.figures.years[0]);
    const bad = await anonymous.get('/api/public/transparency?year=20x6');
    expect(bad.statusCode).toBe(400);
    expect(problemOf(bad).errors?.[0]).toMatchObject({ field: 'querystring.year' });
    expect(problemOf(bad).errors?.[0]?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('downloads the same figures as CSV that Excel opens in Chinese', async () => {
    const anonymous = new TestClient(t.app);
    const csv = await anonymous.get(`/api/public/transparency/${voucherYear}/figures.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const { figures } = (
      await anonymous.get(`/api/public/transparency?year=${voucherYear}`)
    ).json();
    expect(csv.body).toContain(`已核销（净额）,${(figures.writtenOff.net / 100).toFixed(2)},元`);
    expect(csv.body).not.toContain('企业名称');
  });

  it('the recipients list appears only once the Data Bureau administrator publishes it', async () => {
    const url = `/api/transparency/${voucherYear}/recipients`;
    const reviewer = await as('reviewer');
    const refused = await reviewer.request({ method: 'PUT', url, payload: { published: true } });
    expect(refused.statusCode).toBe(403);
    const { client: admin } = await signedInAs(t.app, 'data_bureau_admin');
    const published = await admin.request({ method: 'PUT', url, payload: { published: true } });
    expect(published.statusCode, published.body).toBe(200);
    const anonymous = new TestClient(t.app);
    const { figures } = (
      await anonymous.get(`/api/public/transparency?year=${voucherYear}`)
    ).json();
    expect(figures.recipientsPublished).toBe(true);
    expect(figures.recipients.length).toBe(figures.vouchers.count);
    expect(Object.keys(figures.recipients[0]).sort()).toEqual(['amount', 'enterpriseName', 'star']);
    const csv = await anonymous.get(`/api/public/transparency/${voucherYear}/figures.csv`);
    expect(csv.body).toContain(figures.recipients[0].enterpriseName);
    const [audited] = await t.app.services.database.raw.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'transparency.recipients' ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(audited?.action).toBe('transparency.recipients');
    // Withdrawn: gone again at once (the cache is dropped with the change).
    await admin.request({ method: 'PUT', url, payload: { published: false } });
    const after = (await anonymous.get(`/api/public/transparency?year=${voucherYear}`)).json();
    expect(after.figures.recipients).toBeNull();
    const junk = await admin.request({ method: 'PUT', url, payload: { published: 'yes' } });
    expect(junk.statusCode).toBe(400);
  });

  it('computes a year once for everyone asking within the minute', async () => {
    const service = t.app.services.transparency;
    const [a, b] = await Promise.all([service.figures(voucherYear), service.figures(voucherYear)]);
    expect(a).toBe(b);
    // A voucher granted meanwhile shows after the cache expires, not per request.
    const again = await service.figures(voucherYear);
    expect(again).toBe(a);
  });
});

/**
 * 全流程监管 over the demo programme: every listed enterprise at the stage the platform left it
 * in, the year's figures equal to what the ledger holds (checked against independent SQL), the
 * workbook, access, and bad input.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/accounts/demo-accounts.js';
import { seedDemoIfEmpty } from '../../src/seed/demo.js';
import { problemOf, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let reviewer: TestClient;
/** The journey's year (TEST_START is 2026-03-02 in Beijing). */
const JOURNEY_YEAR = 2026;
/** The voucher story's year: its list and plan are 15 months back. */
let voucherYear: number;

beforeAll(async () => {
  t = await createTestApp();
  if (!(await seedDemoIfEmpty(t.app.services))) throw new Error('the database was not seeded');
  reviewer = await as('reviewer');
  const [row] = await t.app.services.database.raw.query<{ list_year: number }>(
    'SELECT min(list_year) AS list_year FROM vouchers',
  );
  voucherYear = row!.list_year;
}, 120_000);
afterAll(() => t.close());

async function as(username: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  const response = await client.signIn(username, DEMO_PASSWORD);
  expect(response.statusCode, response.body).toBe(200);
  return client;
}

async function stageOf(listYear: number, q: string): Promise<string> {
  const response = await reviewer.get(
    `/api/supervision/enterprises?listYear=${listYear}&q=${encodeURIComponent(q)}`,
  );
  expect(response.statusCode, response.body).toBe(200);
  const { items } = response.json() as { items: { stage: string }[] };
  expect(items, q).toHaveLength(1);
  return items[0]!.stage;
}

describe('全流程监管', () => {
  it('places each journey enterprise at the stage it has reached', async () => {
    const expected: Record<string, string> = {
      海安星河数字科技有限公司: 'notCertified', // registered, never submitted
      海安瑞丰食品有限公司: 'certifying',
      海安佳信纺织有限公司: 'certificationReturned', // the enterprise acts next, not the bureau
      海安鼎盛机械制造有限公司: 'certified',
      海安宏远电子科技有限公司: 'claimReturned',
      海安云帆信息技术有限公司: 'claimSubmitted',
      海安汇通物流科技有限公司: 'inUse',
      海安东方精密铸造有限公司: 'notCertified', // on the list only
    };
    for (const [name, stage] of Object.entries(expected)) {
      expect(await stageOf(JOURNEY_YEAR, name), name).toBe(stage);
    }
  });

  it('places the voucher story: used up, in use after the first tranche expired', async () => {
    expect(await stageOf(voucherYear, '海安恒信电子科技有限公司')).toBe('usedUp');
    expect(await stageOf(voucherYear, '海安润达物流有限公司')).toBe('inUse');
    expect(await stageOf(voucherYear, '海安示范智能制造有限公司')).toBe('inUse');
  });

  it("adds up the year's stages to its published entries, and filters by stage", async () => {
    const overview = (
      await reviewer.get(`/api/supervision/overview?listYear=${JOURNEY_YEAR}`)
    ).json();
    const total = Object.values(overview.stages as Record<string, number>).reduce((a, b) => a + b);
    expect(total).toBe(overview.list.published);
    const [row] = await t.app.services.database.raw.query<{ n: string }>(
      `SELECT count(*) AS n FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
        WHERE e.list_year = $1 AND b.status = 'published'`,
      [JOURNEY_YEAR],
    );
    expect(overview.list.published).toBe(Number(row!.n));
    const certifying = (
      await reviewer.get(`/api/supervision/enterprises?listYear=${JOURNEY_YEAR}&stage=certifying`)
    ).json();
    expect(certifying.total).toBe(overview.stages.certifying);
    expect(certifying.items.every((item: { stage: string }) => item.stage === 'certifying')).toBe(
      true,
    );
  });

  it("states the year's money as the ledger holds it", async () => {
    const overview = (
      await reviewer.get(`/api/supervision/overview?listYear=${voucherYear}`)
    ).json();
    const [ledger] = await t.app.services.database.raw.query<Record<string, string>>(
      `SELECT count(DISTINCT v.id) AS vouchers, sum(t.amount) AS amount, sum(t.used) AS used,
              (SELECT coalesce(sum(amount), 0) FROM ledger_transfers WHERE kind = 'grant'
                  AND voucher_id IN (SELECT id FROM vouchers WHERE list_year = $1)) AS granted
         FROM vouchers v JOIN voucher_tranches t ON t.voucher_id = v.id WHERE v.list_year = $1`,
      [voucherYear],
    );
    expect(overview.vouchers.count).toBe(Number(ledger!.vouchers));
    expect(overview.vouchers.amount).toBe(Number(ledger!.amount));
    expect(overview.vouchers.amount).toBe(Number(ledger!.granted));
    expect(overview.vouchers.used).toBe(Number(ledger!.used));
    // Conservation: granted = used + voided + still usable (now or later).
    const v = overview.vouchers;
    expect(v.used + v.voided + v.available + v.pending).toBe(v.amount);
    // Net write-offs by category and by month are the tranches' use, to the fen.
    const byCategory = overview.writeOffs.byCategory.reduce(
      (sum: number, c: { net: number }) => sum + c.net,
      0,
    );
    const byMonth = overview.writeOffs.byMonth.reduce(
      (sum: number, m: { net: number }) => sum + m.net,
      0,
    );
    expect(overview.writeOffs.net).toBe(v.used);
    expect(byCategory).toBe(v.used);
    expect(byMonth).toBe(v.used);
    expect(overview.writeOffs.reversed).toBeGreaterThan(0); // the story reverses two bills
    expect(overview.plan.budget.granted).toBe(v.amount);
  });

  it('defaults to the newest year and lists the years for the picker', async () => {
    const overview = (await reviewer.get('/api/supervision/overview')).json();
    expect(overview.listYear).toBe(JOURNEY_YEAR);
    expect(overview.years).toEqual(expect.arrayContaining([JOURNEY_YEAR, voucherYear]));
  });

  it('answers a year with nothing yet with zeros and no plan', async () => {
    const overview = (await reviewer.get('/api/supervision/overview?listYear=2030')).json();
    expect(overview.plan).toBeNull();
    expect(overview.list).toEqual({ published: 0, drafts: 0 });
    expect(overview.vouchers.count).toBe(0);
    expect(overview.writeOffs.byMonth).toEqual([]);
  });

  it('exports the year as a workbook: figures, every enterprise, months', async () => {
    const response = await reviewer.get(`/api/supervision/export.xlsx?listYear=${voucherYear}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('全流程监管'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '总览',
      '企业明细',
      '月度核销',
    ]);
    const overview = (
      await reviewer.get(`/api/supervision/overview?listYear=${voucherYear}`)
    ).json();
    expect(workbook.getWorksheet('企业明细')!.rowCount - 1).toBe(overview.list.published);
    const names = workbook.getWorksheet('企业明细')!.getColumn(4).values;
    expect(names).toContain('海安恒信电子科技有限公司');
  });

  it('is the Data Bureau’s: enterprise, operator, DRC and finance get 403', async () => {
    for (const username of ['enterprise', 'operator', 'drc', 'finance']) {
      const client = await as(username);
      for (const url of ['/api/supervision/overview', '/api/supervision/enterprises']) {
        const response = await client.get(url);
        expect(response.statusCode, `${username} ${url}`).toBe(403);
      }
    }
    expect((await (await as('bureau-admin')).get('/api/supervision/overview')).statusCode).not.toBe(
      403,
    );
  });

  it('refuses bad queries with the field named, never a 500', async () => {
    for (const query of ['listYear=abc', 'listYear=1999', 'stage=paid', 'page=0', 'pageSize=500']) {
      const response = await reviewer.get(`/api/supervision/enterprises?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(problemOf(response).code).toBe('VALIDATION_FAILED');
    }
  });
});

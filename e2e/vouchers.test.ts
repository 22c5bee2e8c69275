/**
 * Browser: the money flow through the real UI on a freshly seeded demo server.
 * (a) the operator clerk writes off a bill for a fresh enterprise, then reverses part of it;
 * (b) the demo enterprise agent sees its balances, tranches and usage, and exports them;
 * (c) the operator administrator creates an open-API client and is shown its secret once;
 * (d) the Data Bureau administrator (TOTP) reads the policy in force;
 * (e) the Data Bureau reviewer finds an enterprise whose first tranche has expired;
 * (f) the Data Bureau reviewer reads the voucher year on 全流程监管: figures equal to the API's,
 *     the used-up enterprise found by its stage, its vouchers opened from the table, the Excel.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../clients/node/yunquan-client.mjs';
import { launchBrowser, screenshot } from './support/browser.js';
import { pickOption, runScenario, yuan } from './support/common.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  byTestId,
  demoUser,
  openMenu,
  type Scenario,
  settle,
  signIn,
  visibleText,
  waitForText,
  waitForValue,
} from './support/ui.js';

/** A row of the operator's write-off list, as the API gives it. */
interface UsageRow {
  type: 'deduction' | 'reversal';
  deductionId: string;
  orderNo: string;
  amount: number;
  reversible: number | null;
}

interface DemoEnterprise {
  creditCode: string;
  name: string;
  star: 3 | 4 | 5;
  stage: 'fresh' | 'partly-used' | 'tranche1-expired' | 'used-up' | 'reversed';
}

let server: RunningServer;
let browser: Browser;
let enterprises: DemoEnterprise[];

function enterprise(stage: DemoEnterprise['stage']): DemoEnterprise {
  const found = enterprises.find((candidate) => candidate.stage === stage);
  if (!found) throw new Error(`no demo enterprise at stage ${stage}`);
  return found;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const file = path.join(server.dataDir, 'demo-credentials.json');
  enterprises = (JSON.parse(fs.readFileSync(file, 'utf8')) as { enterprises: DemoEnterprise[] })
    .enterprises;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SCENARIO_TIMEOUT = 120_000;

/** Each star level's voucher in fen (policy-rules.md, 海数据发〔2024〕7号), and 70 % of it. */
const TIER: Record<3 | 4 | 5, number> = { 3: 1_000_000, 4: 2_000_000, 5: 5_000_000 };

const scenario = (run: (s: Scenario) => Promise<void>) => runScenario(browser, run);

async function summary(page: Page, key: 'available' | 'pending' | 'used' | 'voided', fen: number) {
  await waitForText(page, byTestId(page, `voucher-summary-${key}`), yuan(fen));
}

describe('money flow in the browser', () => {
  it(
    '(a) the operator clerk writes off ¥1,234.56 for a fresh enterprise and reverses part of it',
    async () => {
      await scenario(async ({ page }) => {
        const fresh = enterprise('fresh');
        const firstTranche = (TIER[fresh.star] * 7_000) / 10_000;
        const bill = 123_456;
        const orderNo = 'E2E-WO-0001';
        const user = demoUser('operator');
        await signIn(page, server.url, user, { viaDemoButton: true });
        await openMenu(page, '核销', '/operator/write-offs');

        await byTestId(page, 'writeoff-credit-code').fill(fresh.creditCode);
        await byTestId(page, 'writeoff-search').click();
        await waitForText(page, byTestId(page, 'lookup-enterprise'), fresh.name);
        expect(new URL(page.url()).searchParams.get('creditCode')).toBe(fresh.creditCode);
        // A fresh voucher: the first tranche (70 %) available, the second (30 %) waiting.
        await summary(page, 'available', firstTranche);
        await summary(page, 'pending', TIER[fresh.star] - firstTranche);
        await summary(page, 'used', 0);

        await byTestId(page, 'writeoff-order-no').fill(orderNo);
        await pickOption(page, 'writeoff-category', '计算资源');
        await byTestId(page, 'writeoff-amount').fill('1,234.56');
        await byTestId(page, 'writeoff-submit').click();

        const result = byTestId(page, 'writeoff-result');
        await waitForText(page, result, '核销成功');
        const text = await visibleText(result);
        expect(text).toContain(
          `本次资源券抵扣 ¥1,234.56，企业现金支付 ¥0.00，核销后剩余可用 ${yuan(firstTranche - bill)}`,
        );
        expect(text).toContain(`订单号 ${orderNo} · 账单金额 ¥1,234.56`);
        expect(text).toContain('第1期抵扣 ¥1,234.56');
        // The balances on the page follow, and the write-off is listed for this enterprise.
        await summary(page, 'available', firstTranche - bill);
        await summary(page, 'used', bill);
        const deductions = byTestId(page, 'deductions-table');
        const row = deductions.locator('tr', { hasText: orderNo }).filter({
          has: page.locator('[data-testid^="reverse-"]'),
        });
        await row.waitFor({ state: 'visible' });
        const rowText = await visibleText(row);
        expect(rowText).toContain('核销');
        expect(rowText).toContain('计算资源');
        expect(rowText).toContain(fresh.name);
        await settle(page);
        await screenshot(page, 'operator-writeoff');

        // 冲正 ¥234.56 of it through the modal.
        const reverseButton = row.locator('[data-testid^="reverse-"]');
        const deductionId = (await reverseButton.getAttribute('data-testid'))!.slice(
          'reverse-'.length,
        );
        expect(deductionId.length).toBeGreaterThan(0);
        await reverseButton.click();
        const dialog = page.getByRole('dialog').filter({ hasText: `冲正 · 订单号 ${orderNo}` });
        await dialog.waitFor({ state: 'visible' });
        expect(await visibleText(dialog)).toContain('尚可冲正');
        // The whole reversible amount is offered first.
        await waitForValue(page, 'reverse-amount', '1234.56');
        await byTestId(page, 'reverse-amount').fill('234.56');
        await byTestId(page, 'reverse-reason').fill('账单部分退款');
        await settle(page);
        await screenshot(page, 'operator-reversal-form');
        await byTestId(page, 'reverse-submit').click();

        const done = page.locator('.ant-modal-confirm', {
          hasText: '冲正成功：退回额度 ¥234.56，作废 ¥0.00',
        });
        await done.waitFor({ state: 'visible' });
        await dialog.waitFor({ state: 'hidden' });
        await summary(page, 'available', firstTranche - bill + 23_456);
        await summary(page, 'used', bill - 23_456);
        const reversal = deductions.locator('tr', { hasText: '账单部分退款' });
        await reversal.waitFor({ state: 'visible' });
        expect(await visibleText(reversal)).toContain('冲正');
        // What is left to reverse of the bill: ¥1,000.00.
        await waitForText(page, row, '¥1,000.00');
        await settle(page);
        await screenshot(page, 'operator-reversal');

        // The server agrees with the screen: the balance, and the reversal of that deduction.
        const onServer = await page.evaluate(async (code) => {
          const vouchers = await fetch(`/api/operator/enterprises/${code}/vouchers`);
          const usage = await fetch(`/api/operator/deductions?creditCode=${code}`);
          return {
            summary: ((await vouchers.json()) as { summary: { available: number; used: number } })
              .summary,
            items: ((await usage.json()) as { items: UsageRow[] }).items,
          };
        }, fresh.creditCode);
        expect(onServer.summary.available).toBe(firstTranche - bill + 23_456);
        expect(onServer.summary.used).toBe(bill - 23_456);
        expect(
          onServer.items.map(({ type, deductionId: id, orderNo: no, amount, reversible }) => ({
            type,
            id,
            no,
            amount: Math.abs(amount),
            reversible,
          })),
        ).toEqual([
          { type: 'reversal', id: deductionId, no: orderNo, amount: 23_456, reversible: null },
          { type: 'deduction', id: deductionId, no: orderNo, amount: bill, reversible: 100_000 },
        ]);

        await done.locator('.ant-btn-primary').click();
        await done.waitFor({ state: 'hidden' });
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(b) the demo enterprise agent sees its voucher, two tranches and usage, and exports Excel',
    async () => {
      await scenario(async ({ page }) => {
        const own = enterprise('partly-used');
        expect(own.star).toBe(5);
        // The seeded story: four bills (¥4,860.00 + ¥2,150.50 + ¥980.00 + ¥4,355.17).
        const used = 486_000 + 215_050 + 98_000 + 435_517;
        const amount = TIER[5];
        const first = (amount * 7_000) / 10_000;
        await signIn(page, server.url, demoUser('enterprise'), { viaDemoButton: true });
        await openMenu(page, '我的资源券', '/enterprise/vouchers');

        await summary(page, 'available', first - used);
        await summary(page, 'pending', amount - first);
        await summary(page, 'used', used);
        await summary(page, 'voided', 0);

        const cards = byTestId(page, 'voucher-card');
        await cards.first().waitFor({ state: 'visible' });
        expect(await cards.count()).toBe(1);
        const card = cards.first();
        const cardText = await visibleText(card);
        expect(cardText).toContain('五星级');
        expect(cardText).toContain(yuan(amount));
        expect(await card.locator('[data-testid^="tranche-row-"]').count()).toBe(2);
        const tranche1 = await visibleText(card.locator('[data-testid="tranche-row-1"]'));
        expect(tranche1).toContain('第1期');
        expect(tranche1).toContain(yuan(first));
        expect(tranche1).toContain(yuan(used));
        expect(tranche1).toContain(yuan(first - used));
        expect(tranche1).toContain('可使用');
        const tranche2 = await visibleText(card.locator('[data-testid="tranche-row-2"]'));
        expect(tranche2).toContain('第2期');
        expect(tranche2).toContain(yuan(amount - first));
        expect(tranche2).toContain('未生效');

        const usage = byTestId(page, 'usage-table');
        const usageRows = usage.locator('tbody tr', { hasText: 'HAC-' });
        await usageRows.first().waitFor({ state: 'visible' });
        expect(await usageRows.count()).toBe(4);
        const usageText = await visibleText(usage);
        for (const category of ['计算资源', '存储资源', '网络资源']) {
          expect(usageText).toContain(category);
        }
        expect(usageText).toContain('¥4,355.17');
        expect(await visibleText(page.locator('body'))).toContain('共 4 条');
        await settle(page);
        await screenshot(page, 'enterprise-vouchers');

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          byTestId(page, 'usage-export').click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
        const file = await download.path();
        const bytes = fs.readFileSync(file);
        // An .xlsx is a zip: it starts with PK\x03\x04.
        expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(file);
        const history = workbook.getWorksheet('使用明细');
        expect(history).toBeDefined();
        const orderNos: string[] = [];
        history!.eachRow((sheetRow, number) => {
          if (number > 1) orderNos.push(String(sheetRow.getCell(3).value));
        });
        expect(orderNos.sort()).toEqual(['HAC-40001', 'HAC-40002', 'HAC-40003', 'HAC-40004']);
        await byTestId(page, 'usage-export').locator('.ant-btn-loading-icon').waitFor({
          state: 'detached',
        });
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(c) the operator administrator creates an API client and sees its secret exactly once',
    async () => {
      await scenario(async ({ page }) => {
        await signIn(page, server.url, demoUser('operator-admin'), { viaDemoButton: true });
        await openMenu(page, '开放接口', '/operator-admin/open-api');
        const table = byTestId(page, 'api-client-table');
        await waitForText(page, table, '海安云计费系统（演示）');

        const name = '海安云计费系统（端到端测试）';
        await byTestId(page, 'api-client-create').click();
        await byTestId(page, 'api-client-name').fill(name);
        await byTestId(page, 'api-client-save').click();

        const secretText = byTestId(page, 'api-client-secret');
        await secretText.waitFor({ state: 'visible' });
        const secret = (await visibleText(secretText)).trim();
        expect(secret.length).toBeGreaterThanOrEqual(32);
        const secretDialog = page.getByRole('dialog').filter({ has: secretText });
        const dialogText = await visibleText(secretDialog);
        expect(dialogText).toContain('密钥仅显示一次');
        expect(dialogText).toContain(name);
        const keyRow = await visibleText(
          secretDialog.locator('.ant-descriptions-row', { hasText: 'Key ID' }),
        );
        // Key ids are yq_ followed by base64url characters; the label around them is Chinese.
        const keyId = /yq_[A-Za-z0-9_-]+/.exec(keyRow)?.[0] ?? '';
        expect(keyId.length).toBeGreaterThan(0);
        await settle(page);
        await screenshot(page, 'operator-api-clients');

        // The secret on screen is the real one: the billing system can call with it…
        const fresh = enterprise('fresh');
        const client = new YunquanClient({ baseUrl: server.url, keyId, secret });
        const seen = (await client.vouchers(fresh.creditCode)) as { vouchers: unknown[] };
        expect(seen.vouchers.length).toBe(1);
        // …and a wrong one is refused.
        const wrong = new YunquanClient({ baseUrl: server.url, keyId, secret: `${secret}x` });
        expect((await wrong.raw('GET', `/enterprises/${fresh.creditCode}/vouchers`)).status).toBe(
          401,
        );

        await byTestId(page, 'api-client-secret-done').click();
        await secretText.waitFor({ state: 'detached' });
        await waitForText(page, table, name);
        expect(await visibleText(table)).toContain(keyId);
        expect(await visibleText(page.locator('body'))).not.toContain(secret);
        // Not shown again, even after a reload.
        await page.reload();
        await waitForText(page, byTestId(page, 'api-client-table'), name);
        expect(await visibleText(page.locator('body'))).not.toContain(secret);
        expect(await page.content()).not.toContain(secret);
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(d) the Data Bureau administrator signs in with TOTP and reads the policy in force',
    async () => {
      await scenario(async ({ page }) => {
        await signIn(page, server.url, demoUser('bureau-admin'));
        await openMenu(page, '政策规则', '/data-bureau-admin/policy');
        const policy = byTestId(page, 'policy-view');
        await waitForText(page, policy, '五星级');
        const text = await visibleText(policy);
        expect(text).toContain('海数据发〔2024〕7号');
        expect(text).toContain('五星级 ¥50,000.00');
        expect(text).toContain('四星级 ¥20,000.00');
        expect(text).toContain('三星级 ¥10,000.00');
        expect(text).toContain('总额的 70%');
        expect(text).toContain('总额的 30%');
        expect(text).toContain('计算资源、存储资源、网络资源、安全防护');
        expect(text).toContain('到期未使用部分作废');
        expect(text).toContain('现行');
        // The administrator may publish a new version; the button is there.
        await byTestId(page, 'policy-publish').waitFor({ state: 'visible' });
        await settle(page);
        await screenshot(page, 'data-bureau-policy');
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(e) the Data Bureau reviewer looks up an enterprise and sees its first tranche expired',
    async () => {
      await scenario(async ({ page }) => {
        const expired = enterprise('tranche1-expired');
        expect(expired.star).toBe(4);
        // The seeded story: ¥3,000 and ¥5,000 from the first tranche (¥14,000) before it
        // expired, ¥1,200 from the second (¥6,000) after.
        const amount = TIER[4];
        const first = (amount * 7_000) / 10_000;
        const second = amount - first;
        await signIn(page, server.url, demoUser('reviewer'));
        await openMenu(page, '全流程监管', '/data-bureau/supervision');

        await byTestId(page, 'supervision-credit-code').fill(expired.creditCode);
        await byTestId(page, 'supervision-search').click();
        await waitForText(page, byTestId(page, 'lookup-enterprise'), expired.name);
        await summary(page, 'voided', first - 800_000);
        await summary(page, 'available', second - 120_000);

        const card = byTestId(page, 'voucher-card');
        await card.first().waitFor({ state: 'visible' });
        const tranche1 = await visibleText(card.locator('[data-testid="tranche-row-1"]'));
        expect(tranche1).toContain('第1期');
        expect(tranche1).toContain('已到期');
        expect(tranche1).toContain(yuan(800_000));
        expect(tranche1).toContain(yuan(first - 800_000));
        const tranche2 = await visibleText(card.locator('[data-testid="tranche-row-2"]'));
        expect(tranche2).toContain('可使用');
        expect(tranche2).toContain(yuan(second - 120_000));
        // A reviewer supervises; nothing on the page lets them write off.
        expect(await byTestId(page, 'writeoff-submit').count()).toBe(0);
        await settle(page);
        await screenshot(page, 'data-bureau-supervision');
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(f) the Data Bureau reviewer reads the voucher year on 全流程监管 and exports it',
    async () => {
      await scenario(async ({ page }) => {
        const usedUp = enterprise('used-up');
        await signIn(page, server.url, demoUser('reviewer'));
        await openMenu(page, '全流程监管', '/data-bureau/supervision');
        await byTestId(page, 'supervision-figures').waitFor({ state: 'visible' });

        // The voucher story's year: the page opens on the newest year, then the reviewer picks it.
        const overviewOf = async (year?: number) => {
          const response = await page.request.get(
            `${server.url}/api/supervision/overview${year ? `?listYear=${year}` : ''}`,
          );
          expect(response.status()).toBe(200);
          return (await response.json()) as {
            listYear: number;
            years: number[];
            vouchers: { amount: number; used: number; voided: number; count: number };
          };
        };
        const newest = await overviewOf();
        const storyYear = Math.min(...newest.years);
        await pickOption(page, 'supervision-year', String(storyYear));
        await page.waitForURL((url) => url.searchParams.get('year') === String(storyYear));
        const story = await overviewOf(storyYear);
        expect(story.vouchers.count).toBe(enterprises.length);
        await waitForText(page, byTestId(page, 'supervision-granted'), yuan(story.vouchers.amount));
        await waitForText(page, byTestId(page, 'supervision-used'), yuan(story.vouchers.used));
        await waitForText(page, byTestId(page, 'supervision-voided'), yuan(story.vouchers.voided));
        await byTestId(page, 'supervision-stages-chart').locator('canvas').waitFor();
        await byTestId(page, 'supervision-monthly-chart').locator('canvas').waitFor();

        // Only the used-up enterprise is at 已用完; its vouchers open below the table.
        const table = byTestId(page, 'supervision-enterprises');
        await byTestId(page, 'supervision-enterprise-search').locator('input').fill(usedUp.name);
        await byTestId(page, 'supervision-enterprise-search').locator('input').press('Enter');
        // The unfiltered table holds the name too: wait for the searched answer, one row.
        await expect
          .poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 30_000 })
          .toBe(1);
        await waitForText(page, table, '已用完');
        await waitForText(page, table, usedUp.name);
        await byTestId(page, `supervision-view-${usedUp.creditCode}`).click();
        await waitForText(page, byTestId(page, 'lookup-enterprise'), usedUp.name);
        await summary(page, 'available', 0);
        await settle(page);
        await screenshot(page, 'data-bureau-supervision-dashboard');

        const download = page.waitForEvent('download');
        await byTestId(page, 'supervision-export').click();
        const file = await download;
        expect(file.suggestedFilename()).toBe(`${storyYear}年度资源券全流程监管.xlsx`);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(await file.path());
        const rows = workbook.getWorksheet('企业明细');
        expect(rows?.rowCount).toBe(enterprises.length + 1);
        expect(rows?.getColumn(4).values).toContain(usedUp.name);
      });
    },
    SCENARIO_TIMEOUT,
  );
});

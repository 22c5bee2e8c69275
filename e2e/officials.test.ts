/**
 * Browser: the officials' side of the enterprise journey (issue #4) on a freshly seeded demo
 * server, for a list year the demo does not use (next year):
 * (1) the DRC imports a star list whose rows carry warnings, is refused until it confirms
 *     them, saves, publishes, searches and exports;
 * (2) the Data Bureau administrator (TOTP) creates that year's issuance plan, approves it,
 *     raises its budget and sees the live budget with its warning;
 * (3) the operator administrator configures the year's voucher batch, issues it, sees the offers;
 * (4) an enterprise claims; the reviewer's approval is refused for want of budget (nothing
 *     changes), the administrator raises the budget, the approval succeeds, the voucher is active;
 * (5) registration: a second SMS code asked for too soon is refused with a countdown.
 * The scenarios build on each other, in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../server/src/seed/demo-documents.js';
import { launchBrowser, screenshot } from './support/browser.js';
import {
  animationsDone,
  apiGet,
  creditCode,
  expectCleanPage,
  fillDateRange,
  pickOption,
  shanghaiDate,
  shanghaiYear,
  starListCsv,
  yuan,
} from './support/common.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  byTestId,
  demoUser,
  newScenario,
  openMenu,
  type Scenario,
  settle,
  settleOnScreen,
  signIn,
  visibleText,
  waitForText,
} from './support/ui.js';

let server: RunningServer;
let browser: Browser;
let tempDir: string;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunquan-officials-'));
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

const SCENARIO_TIMEOUT = 240_000;
const SLOW = 60_000;

/** The demo seeds this year and the year of 15 months ago; next year is ours alone. */
const YEAR = shanghaiYear() + 1;
/** The demo's certified agent (agent-certified), 5★ on this year's list; 4★ on ours. */
const CLAIMANT = '海安鼎盛机械制造有限公司';
/** On this year's demo list as 5★ (list only); 3★ on ours. */
const DOWNGRADED = '江苏海安智造装备股份有限公司';
/** New this year: no earlier rating, no warning. */
const NEWCOMER = {
  name: '海安云杉数据科技有限公司',
  code: creditCode('91320685MA9000001'),
  star: 5,
};
const LIST_TITLE = `${YEAR}年度江苏省星级上云企业名单（海安市）第一批`;
/** The need of the three entries (4★ ¥20,000, 3★ ¥10,000, 5★ ¥50,000), in fen. */
const NEED = 8_000_000;
/** The plan's budget: ¥10,000 at approval, + ¥5,000; the claimant's 4★ voucher is ¥20,000. */
const FIRST_BUDGET = 1_000_000;
const FIRST_RAISE = 500_000;
const CLAIM_AMOUNT = 2_000_000;

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs scenarios in fresh contexts (one per person) and checks each at the end. */
async function people(count: number, run: (...s: Scenario[]) => Promise<void>): Promise<void> {
  const all = await Promise.all(Array.from({ length: count }, () => newScenario(browser)));
  try {
    await run(...all);
    for (const s of all) await expectCleanPage(s);
  } finally {
    for (const s of all) await s.context.close();
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await animationsDone(page);
  await screenshot(page, `officials-${name}`);
}

/** The Data Bureau administrator's 发放计划 page with our year's plan selected. */
async function openPlan(page: Page): Promise<void> {
  await openMenu(page, '发放计划', '/data-bureau-admin/plans');
  await settle(page);
  await byTestId(page, `plan-row-${YEAR}`).click();
  await waitForText(page, byTestId(page, 'plan-detail'), `${YEAR} ·`);
  await settle(page);
}

/** Raises the open plan's budget through the dialog; waits for the new remaining amount. */
async function raiseBudget(page: Page, yuanText: string, reason: string, remaining: number) {
  await byTestId(page, 'plan-raise').click();
  await byTestId(page, 'plan-raise-amount').fill(yuanText);
  await byTestId(page, 'plan-raise-reason').fill(reason);
  await byTestId(page, 'plan-raise-submit').click();
  await byTestId(page, 'plan-raise-submit').waitFor({ state: 'hidden', timeout: SLOW });
  await waitForText(page, byTestId(page, 'plan-budget-remaining'), yuan(remaining), SLOW);
  await waitForText(page, byTestId(page, 'plan-detail'), reason);
  await settle(page);
}

/** Opens a review queue's row by the enterprise's name (searching for it first). */
async function openReviewRow(page: Page, enterpriseName: string): Promise<void> {
  const search = page.locator(
    '[data-testid="review-search"] input, input[data-testid="review-search"]',
  );
  await search.first().fill(enterpriseName);
  await search.first().press('Enter');
  const row = page.locator('[data-testid^="review-row-"]', { hasText: enterpriseName });
  await row.first().waitFor({ state: 'visible', timeout: SLOW });
  await settle(page);
  await row.first().click();
  await byTestId(page, 'review-approve').waitFor({ state: 'visible', timeout: SLOW });
  await settleOnScreen(page);
}

describe("the officials' paths in the browser", () => {
  it(
    '(1) the DRC imports a list with warnings, must confirm them, publishes, searches and exports',
    async () => {
      await people(1, async ({ page }) => {
        await signIn(page, server.url, demoUser('drc'));
        // This year's demo ratings of the two enterprises rated lower on our list.
        const earlier = async (name: string) => {
          const { items } = await apiGet<{ items: Array<{ creditCode: string; star: number }> }>(
            page,
            `${server.url}/api/star-lists/entries`,
            { year: String(YEAR - 1), q: name },
          );
          expect(items).toHaveLength(1);
          expect(items[0]!.star).toBe(5);
          return items[0]!.creditCode;
        };
        const file = writeTemp(
          `星级名单-${YEAR}.csv`,
          starListCsv([
            { name: CLAIMANT, code: await earlier(CLAIMANT), star: 4 },
            { name: DOWNGRADED, code: await earlier(DOWNGRADED), star: 3 },
            NEWCOMER,
          ]),
        );

        await openMenu(page, '星级上云企业名单', '/drc/star-lists');
        await settle(page);
        const yearInput = byTestId(page, 'starlist-year');
        await yearInput.fill(String(YEAR));
        await expect.poll(() => yearInput.inputValue()).toBe(String(YEAR));
        await settle(page);
        await byTestId(page, 'starlist-upload').setInputFiles(file);
        const table = byTestId(page, 'starlist-preview-table');
        await table.waitFor({ state: 'visible', timeout: SLOW });
        await settle(page);

        // The per-row report: two rows to verify, none in error.
        await waitForText(page, byTestId(page, 'starlist-summary'), '待核实 2 行');
        const report = await visibleText(table);
        expect(report).toContain(`星级低于该企业以往评定（${YEAR - 1}年 五星级），请核实`);
        expect(await table.locator('td[data-cell-state="warning"]').count()).toBe(2);
        expect(await table.locator('td[data-cell-state="error"]').count()).toBe(0);
        expect(await table.locator('.ant-tag-warning').count()).toBe(2);
        expect(await table.locator('.ant-tag-success').count()).toBe(1);
        await byTestId(page, 'starlist-title').fill(LIST_TITLE);
        await shot(page, '1-star-list-warnings');

        // Saving without confirming: refused in words, nothing saved.
        const importButton = byTestId(page, 'starlist-import');
        await expect.poll(() => importButton.isEnabled()).toBe(true);
        await importButton.click();
        await waitForText(
          page,
          byTestId(page, 'starlist-error'),
          '名单有待核实的提示，请核实并勾选“已核实，仍然导入”',
          SLOW,
        );
        await waitForText(page, page.locator('.ant-form-item-explain-error'), '未导入任何数据');
        expect(await table.isVisible()).toBe(true);
        const none = await apiGet<{ items: unknown[] }>(
          page,
          `${server.url}/api/star-lists/batches`,
          { year: String(YEAR) },
        );
        expect(none.items).toEqual([]);
        await settle(page);
        await shot(page, '2-star-list-unconfirmed');

        // Confirmed: saved as a draft batch, then published after the irreversible confirm.
        await byTestId(page, 'starlist-confirm-warnings').check();
        await importButton.click();
        await table.waitFor({ state: 'hidden', timeout: SLOW });
        const batchRow = page.locator('.ant-table-row', { hasText: LIST_TITLE }).first();
        await waitForText(page, batchRow, '草稿', SLOW);
        await waitForText(page, batchRow, '3 家（五星级 1、四星级 1、三星级 1）');
        await settle(page);
        await batchRow.locator('[data-testid^="starlist-publish-"]').click();
        const confirm = byTestId(page, 'starlist-publish-confirm');
        await confirm.waitFor({ state: 'visible' });
        await waitForText(page, page.locator('.ant-popover'), '发布后名单不可修改');
        await shot(page, '3-star-list-publish-confirm');
        await confirm.click();
        await waitForText(page, batchRow, '已发布', SLOW);
        expect(await batchRow.locator('[data-testid^="starlist-publish-"]').count()).toBe(0);

        // Search: the year and a part of the name.
        await pickOption(page, 'starlist-search-year', String(YEAR));
        await byTestId(page, 'starlist-search-q').fill('鼎盛');
        await byTestId(page, 'starlist-search-submit').click();
        const entries = byTestId(page, 'starlist-entries');
        await waitForText(page, entries.locator('.ant-table-row').first(), CLAIMANT, SLOW);
        await settle(page);
        expect(await entries.locator('.ant-table-row').count()).toBe(1);
        const found = await visibleText(entries.locator('.ant-table-row').first());
        expect(found).toContain('四星级');
        expect(found).toContain('已发布');
        await shot(page, '4-star-list-search');

        // Export: the filtered entries as a workbook.
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: SLOW }),
          byTestId(page, 'starlist-export').click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
        const saved = path.join(tempDir, download.suggestedFilename());
        await download.saveAs(saved);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(saved);
        const cells: string[] = [];
        workbook.worksheets[0]!.eachRow((row) => {
          cells.push(...(row.values as unknown[]).map((value) => String(value ?? '')));
        });
        expect(cells).toContain(CLAIMANT);
        expect(cells).not.toContain(NEWCOMER.name);
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(2) the Data Bureau administrator creates, approves and funds the plan, and sees the warning',
    async () => {
      await people(1, async ({ page }) => {
        await signIn(page, server.url, demoUser('bureau-admin'));
        await openMenu(page, '发放计划', '/data-bureau-admin/plans');
        await settle(page);
        expect(await byTestId(page, `plan-row-${YEAR}`).count()).toBe(0);

        await byTestId(page, 'plan-create').click();
        const year = byTestId(page, 'plan-create-year');
        await year.fill(String(YEAR));
        await byTestId(page, 'plan-create-title').fill(`${YEAR}年度“海安云”资源券发放计划`);
        await byTestId(page, 'plan-create-budget').fill('10,000');
        await fillDateRange(page, 'plan-create-window', shanghaiDate(), `${YEAR}-12-31`);
        await shot(page, '5-plan-create');
        await byTestId(page, 'plan-create-submit').click();
        await byTestId(page, 'plan-create-submit').waitFor({ state: 'hidden', timeout: SLOW });

        const row = byTestId(page, `plan-row-${YEAR}`);
        await waitForText(page, row, '待批准', SLOW);
        // The window as people read it: the last day included, not the next day's 00:00.
        const rowText = await visibleText(row);
        expect(rowText).toContain(`${shanghaiDate()} 至 ${YEAR}-12-31`);
        expect(rowText).not.toContain(`${YEAR + 1}-01-01`);
        await row.click();
        await waitForText(page, byTestId(page, 'plan-detail'), `${YEAR} ·`);
        await settle(page);

        await byTestId(page, 'plan-approve').click();
        await byTestId(page, 'plan-approve-confirm').click();
        await byTestId(page, 'plan-approve').waitFor({ state: 'detached', timeout: SLOW });
        const detail = byTestId(page, 'plan-detail');
        await waitForText(page, detail, '已批准', SLOW);
        await waitForText(page, byTestId(page, 'plan-budget-remaining'), yuan(FIRST_BUDGET));

        await raiseBudget(
          page,
          '5,000',
          '第一批名单公布，先行追加部分预算',
          FIRST_BUDGET + FIRST_RAISE,
        );
        const budget = FIRST_BUDGET + FIRST_RAISE;
        await waitForText(page, byTestId(page, 'plan-budget-total'), yuan(budget));
        await waitForText(page, byTestId(page, 'plan-budget-granted'), yuan(0));
        await waitForText(page, byTestId(page, 'plan-budget-need'), yuan(NEED));
        await waitForText(
          page,
          byTestId(page, 'plan-budget-warning'),
          `全部认领需 ${yuan(NEED)}，剩余预算 ${yuan(budget)}，缺口 ${yuan(NEED - budget)}`,
        );
        const text = await visibleText(detail);
        expect(text).toContain('待认领需求（3 家）');
        expect(text).toContain(`四星级：1 家 ${yuan(2_000_000)}`);
        expect(text).toContain(`${YEAR}-12-31`);
        expect(text).not.toContain(`${YEAR + 1}-01-01`);
        await shot(page, '6-plan-budget-warning');
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(3) the operator administrator configures and issues the batch and sees its offers',
    async () => {
      await people(1, async ({ page }) => {
        await signIn(page, server.url, demoUser('operator-admin'));
        await openMenu(page, '资源券配置', '/operator-admin/voucher-config');
        await settle(page);
        await byTestId(page, 'voucher-batch-create').click();
        await pickOption(page, 'voucher-batch-plan', `${YEAR} ·`);
        await byTestId(page, 'voucher-batch-name').fill(`${YEAR}年度“海安云”资源券`);
        await byTestId(page, 'voucher-batch-instructions').fill(
          '请上传与“海安云”签订的服务合同扫描件（加盖双方公章），提交后由市数据局审核。',
        );
        await shot(page, '7-voucher-batch-create');
        await byTestId(page, 'voucher-batch-save').click();
        await byTestId(page, 'voucher-batch-save').waitFor({ state: 'hidden', timeout: SLOW });

        const row = page.locator('.ant-table-row', { hasText: `${YEAR}年度“海安云”资源券` });
        await waitForText(page, row, '已配置', SLOW);
        await settle(page);
        await row.locator('[data-testid^="voucher-batch-issue-"]').click();
        await byTestId(page, 'voucher-batch-issue-confirm').click();
        await waitForText(page, row, '已发放', SLOW);
        expect(await row.locator('[data-testid^="voucher-batch-issue-"]').count()).toBe(0);
        expect(await visibleText(row)).toContain('3');

        await row.locator('[data-testid^="voucher-batch-offers-"]').click();
        const drawer = page.locator('.ant-drawer-body');
        await waitForText(page, drawer, NEWCOMER.name, SLOW);
        await settle(page);
        const offers = await visibleText(drawer);
        for (const expected of [
          `${CLAIMANT}`,
          '四星级',
          yuan(2_000_000),
          DOWNGRADED,
          '三星级',
          yuan(1_000_000),
          '五星级',
          yuan(5_000_000),
        ]) {
          expect(offers).toContain(expected);
        }
        await shot(page, '8-voucher-batch-offers');
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(4) approval is refused for want of budget, nothing changes; after a raise it succeeds',
    async () => {
      await people(3, async (agent, reviewer, admin) => {
        const { page } = agent;
        const review = reviewer.page;
        const contract = writeTemp(
          '海安云服务合同-鼎盛.pdf',
          await demoPdf({
            title: '“海安云”服务合同',
            fields: [
              ['合同编号', `HAC-${YEAR}-E2E-0001`],
              ['甲方（用户）', CLAIMANT],
              ['乙方（服务方）', '海安云平台服务方'],
            ],
            signatures: ['甲方（盖章）', '乙方（盖章）'],
          }),
        );

        // The certified demo agent claims the new year's offer in the UI.
        await signIn(page, server.url, {
          ...demoUser('enterprise'),
          username: 'agent-certified',
        });
        await openMenu(page, '认领资源券', '/enterprise/claim');
        await settle(page);
        const offer = page
          .locator('[data-testid^="claim-offer-"]', { hasText: `${YEAR}年度` })
          .first();
        await offer.waitFor({ state: 'visible', timeout: SLOW });
        const offerText = await visibleText(offer);
        expect(offerText).toContain('四星级');
        expect(offerText).toContain(yuan(CLAIM_AMOUNT));
        expect(offerText).toContain(`${shanghaiDate()} 至 ${YEAR}-12-31`);
        expect(offerText).not.toContain(`${YEAR + 1}-01-01`);
        await offer.locator('[data-testid="claim-start"]').click();
        const submit = byTestId(page, 'claim-submit');
        await submit.waitFor({ state: 'visible' });
        await waitForText(page, page.locator('.ant-modal-title'), '四星级');
        await byTestId(page, 'claim-contract-upload').setInputFiles(contract);
        await expect.poll(() => submit.isEnabled(), { timeout: SLOW }).toBe(true);
        await submit.click();
        await submit.waitFor({ state: 'hidden', timeout: SLOW });
        const status = byTestId(page, 'claim-status');
        await waitForText(page, status, '审核中', SLOW);

        // The reviewer's approval: refused, the shortfall named, the claim still pending.
        await signIn(review, server.url, demoUser('reviewer'));
        await openMenu(review, '认领审核', '/data-bureau/claim-reviews');
        await settle(review);
        await openReviewRow(review, CLAIMANT);
        const drawer = review.locator('.ant-drawer-body');
        await waitForText(review, drawer, `缺口 ${yuan(CLAIM_AMOUNT - 1_500_000)}`);
        // The plan's window, as the checks say it: its last day, not the next day's 00:00.
        expect(await visibleText(drawer)).toContain(`${YEAR}-12-31`);
        expect(await visibleText(drawer)).not.toContain(`${YEAR + 1}-01-01`);
        await byTestId(review, 'review-approve').click();
        await byTestId(review, 'review-confirm').click();
        const refusal = byTestId(review, 'review-error');
        await waitForText(review, refusal, `缺口 ${yuan(CLAIM_AMOUNT - 1_500_000)}`, SLOW);
        expect(await visibleText(refusal)).toContain('发放计划预算不足，不能批准');
        await shot(review, '9-claim-budget-insufficient');
        await review.locator('.ant-modal-footer button').first().click();
        await byTestId(review, 'review-confirm').waitFor({ state: 'hidden' });
        expect(await byTestId(review, 'review-approve').isVisible()).toBe(true);
        await page.reload();
        await waitForText(page, status, '审核中', SLOW);
        expect(await page.locator('[data-testid^="claim-offer-"]').count()).toBeGreaterThan(0);

        // The administrator's plan: nothing was spent; the budget is raised.
        await signIn(admin.page, server.url, demoUser('bureau-admin'));
        await openPlan(admin.page);
        await waitForText(admin.page, byTestId(admin.page, 'plan-budget-granted'), yuan(0));
        await raiseBudget(admin.page, '100,000', '第一批企业认领，追加预算', 11_500_000);

        // Approved now; the enterprise has an active voucher of the new year.
        await byTestId(review, 'review-approve').click();
        await byTestId(review, 'review-confirm').click();
        await byTestId(review, 'review-confirm').waitFor({ state: 'hidden', timeout: SLOW });
        await byTestId(review, 'review-approve').waitFor({ state: 'hidden', timeout: SLOW });
        expect(await byTestId(review, 'review-error').count()).toBe(0);

        await admin.page.reload();
        await byTestId(admin.page, `plan-row-${YEAR}`).click();
        await waitForText(
          admin.page,
          byTestId(admin.page, 'plan-budget-remaining'),
          yuan(11_500_000 - CLAIM_AMOUNT),
          SLOW,
        );
        await waitForText(
          admin.page,
          byTestId(admin.page, 'plan-budget-granted'),
          yuan(CLAIM_AMOUNT),
        );
        await settle(admin.page);
        await shot(admin.page, '10-plan-after-grant');

        await page.reload();
        await waitForText(page, status, '已通过', SLOW);
        await byTestId(page, 'claim-vouchers-link').click();
        await page.waitForURL((url) => url.pathname === '/enterprise/vouchers');
        const card = byTestId(page, 'voucher-card').filter({ hasText: `${YEAR}` });
        await card.first().waitFor({ state: 'visible', timeout: SLOW });
        await settle(page);
        const tranche1 = await visibleText(card.first().locator('[data-testid="tranche-row-1"]'));
        expect(tranche1).toContain(yuan(CLAIM_AMOUNT * 0.7));
        expect(tranche1).toContain('可使用');
        expect(await visibleText(card.first())).toContain('四星级');
        await shot(page, '11-voucher-active');
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    '(5) registration: a second SMS code too soon is refused, the button counts down',
    async () => {
      await people(1, async ({ page }) => {
        const mobile = `137${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
        await page.goto(`${server.url}/register`);
        await byTestId(page, 'register-mobile').fill(mobile);
        await byTestId(page, 'register-send-code').click();
        await byTestId(page, 'register-demo-code').waitFor({ state: 'visible', timeout: SLOW });

        // A new page (the countdown forgotten), the same number at once: the server says no.
        await page.reload();
        await byTestId(page, 'register-mobile').fill(mobile);
        const send = byTestId(page, 'register-send-code');
        await send.click();
        const error = await waitForText(
          page,
          byTestId(page, 'register-error'),
          /获取验证码过于频繁，请 \d+ 秒后再试/,
          SLOW,
        );
        const countdown = /(\d+) 秒后重新获取/;
        const first = Number(countdown.exec(await waitForText(page, send, countdown))![1]);
        expect(first).toBeGreaterThan(0);
        expect(first).toBeLessThanOrEqual(60);
        expect(error).toContain(`${first} 秒`);
        expect(await send.isDisabled()).toBe(true);
        expect(await byTestId(page, 'register-demo-code').count()).toBe(0);
        await settleOnScreen(page);
        await screenshot(page, 'officials-12-register-too-soon');
        // The seconds tick down, the button still disabled.
        await expect
          .poll(async () => Number(countdown.exec(await visibleText(send))?.[1] ?? first), {
            timeout: 5_000,
          })
          .toBeLessThan(first);
        expect(await send.isDisabled()).toBe(true);
      });
    },
    SCENARIO_TIMEOUT,
  );
});

/**
 * Browser: the year-end redemption chain (第十五至十七条) on a demo server whose clock has been
 * moved into the next January, so the current settlement year has ended:
 * the operator's 管理员 generates the final package, attests and submits it; the Data Bureau reviews lines (drill-down, a
 * reduction with its reason, bulk acceptance of clean lines) and its administrator returns it
 * once; the operator regenerates and resubmits; the Data Bureau approves with TOTP; the DRC
 * looks at the aggregate and sends it to Finance; Finance approves with TOTP and records the
 * payment (amount prefilled with the recognised amount). Screenshots of each step, axe on each
 * page (no serious or critical violation).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.js';
import { animationsDone, expectCleanPage, pickOption, shanghaiDate } from './support/common.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  byTestId,
  DEMO_PASSWORD,
  type DemoUser,
  demoUser,
  newScenario,
  openMenu,
  type Scenario,
  settle,
  signIn,
  totpCode,
  waitForText,
} from './support/ui.js';

let server: RunningServer;
let browser: Browser;

/** The Beijing year now: the demo leaves it with write-offs and no package yet. */
const YEAR = Number(shanghaiDate().slice(0, 4));
/** Early next January in Beijing: the settlement year has ended, payment not yet due. */
const AFTER_YEAR_END = `${YEAR + 1}-01-06T10:00:00+08:00`;
const RETURN_REASON = '异常明细第 1 条缺少冲正说明，请补充后重新提交。';
const REDUCE_REASON = '该笔核销超出订单金额部分不予认可。';
const SLOW = 120_000;

beforeAll(async () => {
  browser = await launchBrowser();
  // The first start seeds the demo at today's date; the second runs the same data in January.
  const seeding = await startServer();
  const dataDir = seeding.dataDir;
  await seeding.stop();
  server = await startServer({ dataDir, env: { FAKE_NOW: AFTER_YEAR_END } });
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  await animationsDone(page);
  await screenshot(page, `redemption-${name}`);
}

/** Serious or critical axe violations (WCAG 2.1 A/AA) found on the way, asserted at the end. */
const inaccessible: string[] = [];

/** Records any serious or critical axe violation on the page as it is now. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.nodes.length}): ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
  inaccessible.push(...blocking.map((line) => `${name}: ${line}`));
}

/** Each account's authenticator secret and the last 30-second step it used. */
const secrets = new Map<string, string>();
const lastStep = new Map<string, number>();

/**
 * The account's authenticator: the demo's own secret, or one enrolled now through the account
 * API (setup the test does not prove; the enrolment page has its own test).
 */
async function authenticator(s: Scenario, user: DemoUser): Promise<string> {
  const known = user.totpSecret ?? secrets.get(user.username);
  if (known) return known;
  // The page's request context has no base URL: the server's address is the page's origin.
  const at = (path: string) => new URL(path, s.page.url()).toString();
  const enrol = await s.page.request.post(at('/api/account/totp/enrol'), {
    data: { password: DEMO_PASSWORD },
  });
  if (!enrol.ok()) throw new Error(`TOTP enrolment: ${enrol.status()} ${await enrol.text()}`);
  const { secret } = (await enrol.json()) as { secret: string };
  const confirm = await s.page.request.post(at('/api/account/totp/confirm'), {
    data: { code: totpCode(secret) },
  });
  if (!confirm.ok()) throw new Error(`TOTP confirm: ${confirm.status()} ${await confirm.text()}`);
  lastStep.set(user.username, Math.floor(Date.now() / 30_000));
  secrets.set(user.username, secret);
  return secret;
}

/** A code from a 30-second step the account has not used yet (each step is accepted once). */
async function freshCode(page: Page, user: DemoUser, secret: string): Promise<string> {
  const used = lastStep.get(user.username);
  let now = Date.now();
  if (used !== undefined && Math.floor(now / 30_000) <= used) {
    await page.waitForTimeout((used + 1) * 30_000 - now + 500);
  }
  now = Date.now();
  if (now % 30_000 > 25_000) {
    await page.waitForTimeout(30_500 - (now % 30_000));
    now = Date.now();
  }
  lastStep.set(user.username, Math.floor(now / 30_000));
  return totpCode(secret, now);
}

async function open(s: Scenario, username: string, label: string, path: string): Promise<DemoUser> {
  const user = demoUser(username);
  await signIn(s.page, server.url, user);
  if (user.totpSecret) lastStep.set(user.username, Math.floor(Date.now() / 30_000));
  await openMenu(s.page, label, `${user.base}/${path}`);
  await settle(s.page);
  return user;
}

const main = (page: Page) => page.getByRole('main');

async function shows(page: Page, text: string): Promise<void> {
  await waitForText(page, main(page), text, SLOW);
  await settle(page);
}

/** Confirms the open antd modal (its primary button). */
async function confirmModal(page: Page): Promise<void> {
  await page.locator('.ant-modal:visible .ant-btn-primary').last().click();
  await page.locator('.ant-modal:visible').first().waitFor({ state: 'hidden', timeout: SLOW });
  await settle(page);
}

/** A step guarded by the authenticator: the button, the code in its dialog, confirm. */
async function withTotp(s: Scenario, user: DemoUser, testId: string): Promise<void> {
  const secret = await authenticator(s, user);
  await byTestId(s.page, testId).click();
  await byTestId(s.page, `${testId}-totp`).fill(await freshCode(s.page, user, secret));
  await confirmModal(s.page);
}

/** The operator's 管理员: the year's final package, then the attested submission. */
async function generateAndSubmit(s: Scenario, user: DemoUser, shotName: string): Promise<void> {
  const page = s.page;
  await pickOption(page, 'redemption-year', `${YEAR} 年度`);
  await settle(page);
  await byTestId(page, 'build-final').click();
  // The build runs in the background (a percentage while it runs), then shows its documents.
  await shows(page, 'SHA-256');
  await byTestId(page, 'redemption-submit').waitFor({ state: 'visible', timeout: SLOW });
  await shot(page, `${shotName}-package`);
  await expectAccessible(page, `${shotName} package`);

  const secret = await authenticator(s, user);
  await byTestId(page, 'redemption-submit').click();
  await byTestId(page, 'submit-agree').check();
  await byTestId(page, 'submit-password').fill(DEMO_PASSWORD);
  await byTestId(page, 'submit-totp').fill(await freshCode(page, user, secret));
  await confirmModal(page);
  await waitForText(page, page.locator('.ant-message'), '兑现材料已提交市数据局审核', SLOW);
  await shows(page, '市数据局审核中');
  await shot(page, `${shotName}-submitted`);
}

describe('redemption: package, review, return, resubmit, approve, aggregate, pay', () => {
  it('goes from the operator through the Data Bureau and the DRC to Finance’s payment', async () => {
    const operator = await newScenario(browser);
    const reviewer = await newScenario(browser);
    const bureauAdmin = await newScenario(browser);
    const drc = await newScenario(browser);
    const finance = await newScenario(browser);
    const all = [operator, reviewer, bureauAdmin, drc, finance];
    try {
      // 1. The operator's 管理员 generates the final package and submits it.
      const operatorAdmin = await open(operator, 'operator-admin', '兑现材料', 'redemption');
      await expectAccessible(operator.page, 'materials');
      await generateAndSubmit(operator, operatorAdmin, '1');

      // 2. The Data Bureau's reviewer sees the lines and drills down to a line's write-offs.
      await open(reviewer, 'reviewer', '兑现审核', 'redemption-reviews');
      await shows(reviewer.page, '市数据局审核中');
      await reviewer.page.locator('.ant-table-row-expand-icon').first().click();
      await settle(reviewer.page);
      await shot(reviewer.page, '2-review-lines');
      await expectAccessible(reviewer.page, 'review');

      // 3. The administrator returns it once with a reason.
      await open(bureauAdmin, 'bureau-admin', '兑现审核', 'redemption-reviews');
      await byTestId(bureauAdmin.page, 'redemption-return').click();
      await byTestId(bureauAdmin.page, 'redemption-return-reason').fill(RETURN_REASON);
      await confirmModal(bureauAdmin.page);
      await shot(bureauAdmin.page, '3-returned');

      // 4. The operator sees the reason, regenerates and resubmits.
      await operator.page.reload();
      await settle(operator.page);
      await pickOption(operator.page, 'redemption-year', `${YEAR} 年度`);
      await shows(operator.page, RETURN_REASON);
      await shot(operator.page, '4-returned-seen');
      await generateAndSubmit(operator, operatorAdmin, '4');

      // 5. The reviewer: one line reduced with a reason, the clean ones accepted together.
      await reviewer.page.reload();
      await shows(reviewer.page, '市数据局审核中');
      await reviewer.page.locator('[data-testid^="decide-"]').first().click();
      await reviewer.page.locator('.ant-modal:visible').getByText('核减', { exact: true }).click();
      await byTestId(reviewer.page, 'decide-amount').fill('0.01');
      await byTestId(reviewer.page, 'decide-reason').fill(REDUCE_REASON);
      await confirmModal(reviewer.page);
      await byTestId(reviewer.page, 'accept-clean').click();
      await waitForText(reviewer.page, reviewer.page.locator('.ant-message'), '无异常明细', SLOW);
      await settle(reviewer.page);
      // Lines with exceptions other than the reduced one are decided one by one.
      for (;;) {
        const undecided = reviewer.page.locator(
          'tr:has([data-testid^="decide-"]):not(:has-text("认定")):not(:has-text("核减"))',
        );
        if ((await undecided.count()) === 0) break;
        await undecided.first().locator('[data-testid^="decide-"]').click();
        await confirmModal(reviewer.page);
      }
      await shot(reviewer.page, '5-decided');

      // 6. The administrator approves with TOTP: reported to the DRC.
      await bureauAdmin.page.reload();
      await shows(bureauAdmin.page, '市数据局审核中');
      await withTotp(bureauAdmin, demoUser('bureau-admin'), 'bureau-approve');
      await shows(bureauAdmin.page, '市发改委汇总中');
      await shot(bureauAdmin.page, '6-approved');

      // 7. The DRC: the aggregate by enterprise, star and list year, then to Finance.
      await open(drc, 'drc', '兑现汇总', 'redemption-summary');
      await shows(drc.page, '市发改委汇总中');
      await expectAccessible(drc.page, 'summary');
      await shot(drc.page, '7-summary');
      await byTestId(drc.page, 'send-to-finance').click();
      await shows(drc.page, '市财政局审核中');

      // 8. Finance approves with TOTP and records the payment of the recognised amount.
      const financeUser = await open(finance, 'finance', '兑现审核与拨付', 'payments');
      await shows(finance.page, '市财政局审核中');
      await expectAccessible(finance.page, 'payments');
      await withTotp(finance, financeUser, 'finance-approve');
      await shows(finance.page, '待拨付');
      expect(await byTestId(finance.page, 'pay-amount').inputValue()).toMatch(/^\d+(\.\d{1,2})?$/);
      const date = finance.page
        .locator('[data-testid="pay-date"] input, input[data-testid="pay-date"]')
        .first();
      await date.click();
      await date.fill(AFTER_YEAR_END.slice(0, 10));
      await date.press('Enter');
      await byTestId(finance.page, 'pay-reference').fill(`海财拨〔${YEAR + 1}〕001号`);
      await byTestId(finance.page, 'pay-submit').click();
      await waitForText(finance.page, finance.page.locator('.ant-message'), '已登记拨付', SLOW);
      await shows(finance.page, '001号');
      await shot(finance.page, '8-paid');
      await expectAccessible(finance.page, 'paid');

      for (const s of all) await expectCleanPage(s);
    } finally {
      for (const s of all) await s.context.close();
    }
  }, 900_000);
});

/**
 * Browser: the monthly operation report (第十四条) on a freshly seeded demo server, for last
 * month (the demo leaves it returned with a reason, or — in January — not yet written):
 * the operator's 经办人 fills in part (a) and saves the draft; the 管理员 submits it; the Data
 * Bureau's reviewer returns it with a reason; the 管理员 corrects and resubmits; the reviewer
 * archives it (存档备查). Every round stays listed with its documents' SHA-256.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.js';
import { animationsDone, expectCleanPage, shanghaiDate } from './support/common.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  byTestId,
  demoUser,
  newScenario,
  openMenu,
  type Scenario,
  settle,
  signIn,
  waitForText,
} from './support/ui.js';

let server: RunningServer;
let browser: Browser;

// The first start seeds the whole demo, monthly reports and their PDFs included.
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SCENARIO_TIMEOUT = 600_000;
const SLOW = 90_000;

/** Last month in Beijing time, YYYY-MM, and its year. */
const [THIS_YEAR, THIS_MONTH] = shanghaiDate().split('-').map(Number) as [number, number];
const YEAR = THIS_MONTH === 1 ? THIS_YEAR - 1 : THIS_YEAR;
const MONTH = `${YEAR}-${String(THIS_MONTH === 1 ? 12 : THIS_MONTH - 1).padStart(2, '0')}`;
const RETURN_REASON = '第三部分与计费系统月末对账单核对后，请在情况说明中补充冲正原因。';

async function shot(page: Page, name: string): Promise<void> {
  await animationsDone(page);
  await screenshot(page, `monthly-reports-${name}`);
}

/** Signs in, opens 月度报告 from the menu, then last month's report. */
async function openReport(s: Scenario, username: string): Promise<void> {
  const user = demoUser(username);
  await signIn(s.page, server.url, user);
  await openMenu(s.page, '月度报告', `${user.base}/monthly-reports`);
  await settle(s.page);
  await s.page.goto(`${server.url}${user.base}/monthly-reports?year=${YEAR}&month=${MONTH}`);
  await waitForText(s.page, byTestId(s.page, 'report-detail'), MONTH, SLOW);
  await settle(s.page);
}

async function status(page: Page, text: string): Promise<void> {
  await waitForText(page, byTestId(page, 'report-detail'), text, SLOW);
  await settle(page);
}

async function fillPartA(page: Page, commentary: string): Promise<void> {
  const figures: Record<string, string> = {
    vcpuCoreHours: '251000.50',
    memoryGibHours: '1004000',
    blockStorageTbMonths: '52.125',
    objectStorageTbMonths: '17.5',
    bandwidthPeakMbps: '1640',
    trafficTb: '91.008',
  };
  for (const [field, value] of Object.entries(figures)) {
    await byTestId(page, `report-field-${field}`).fill(value);
  }
  await page
    .locator(
      '[data-testid="report-field-securityInstances"] input, input[data-testid="report-field-securityInstances"]',
    )
    .first()
    .fill('30');
  await byTestId(page, 'report-field-commentary').fill(commentary);
}

async function submit(page: Page): Promise<void> {
  await byTestId(page, 'report-submit').click();
  await byTestId(page, 'report-submit-confirm').click();
  await status(page, '待审核');
}

describe('monthly report: draft, submit, return, resubmit, archive', () => {
  it(
    'goes round the operator and the Data Bureau until it is archived',
    async () => {
      const clerk = await newScenario(browser);
      const manager = await newScenario(browser);
      const reviewer = await newScenario(browser);
      try {
        // The 经办人 fills in part (a) and saves; submitting is the administrator's.
        await openReport(clerk, 'operator');
        await fillPartA(clerk.page, `${MONTH} 平台运行平稳，无重大故障。`);
        await byTestId(clerk.page, 'report-save').click();
        await waitForText(clerk.page, clerk.page.locator('.ant-message'), '草稿已保存', SLOW);
        await settle(clerk.page);
        expect(await byTestId(clerk.page, 'report-submit').count()).toBe(0);
        await waitForText(
          clerk.page,
          byTestId(clerk.page, 'report-draft-form'),
          '由平台服务方管理员提交',
        );
        await waitForText(
          clerk.page,
          byTestId(clerk.page, 'report-reconciled'),
          '与台账独立核对一致',
        );
        await shot(clerk.page, '1-draft');

        // The 管理员 submits: frozen, with the documents' hashes.
        await openReport(manager, 'operator-admin');
        // The clerk's draft is what the administrator finds in the form.
        // (A string: the project's type-checking has no DOM library.)
        await manager.page.waitForFunction(
          `document.querySelector('[data-testid="report-field-commentary"]')?.value.includes('平台运行平稳')`,
          undefined,
          { timeout: SLOW },
        );
        await submit(manager.page);
        await waitForText(manager.page, byTestId(manager.page, 'report-rounds'), 'SHA-256');
        await shot(manager.page, '2-submitted');

        // The reviewer returns it with a reason.
        await openReport(reviewer, 'reviewer');
        await byTestId(reviewer.page, 'report-return').click();
        await byTestId(reviewer.page, 'report-return-reason').fill(RETURN_REASON);
        await byTestId(reviewer.page, 'report-return-submit').click();
        await status(reviewer.page, '已退回');
        await waitForText(reviewer.page, byTestId(reviewer.page, 'report-rounds'), RETURN_REASON);
        await shot(reviewer.page, '3-returned');

        // The 管理员 sees the reason, corrects and resubmits.
        await manager.page.reload();
        await status(manager.page, '已退回');
        await waitForText(
          manager.page,
          byTestId(manager.page, 'report-returned-alert'),
          RETURN_REASON,
        );
        await byTestId(manager.page, 'report-field-commentary').fill(
          `${MONTH} 平台运行平稳。冲正 2 笔，均为企业订单取消，已与计费系统核对一致。`,
        );
        await submit(manager.page);
        await shot(manager.page, '4-resubmitted');

        // The reviewer archives it; every round stays listed.
        await reviewer.page.reload();
        await status(reviewer.page, '待审核');
        await byTestId(reviewer.page, 'report-archive').click();
        await byTestId(reviewer.page, 'report-archive-confirm').click();
        await status(reviewer.page, '已存档备查');
        const rounds = await reviewer.page.locator('[data-testid^="report-round-"]').count();
        expect(rounds).toBeGreaterThanOrEqual(2);
        await waitForText(reviewer.page, byTestId(reviewer.page, 'report-rounds'), '存档备查');
        expect(await byTestId(reviewer.page, 'report-archive').count()).toBe(0);
        await shot(reviewer.page, '5-archived');

        for (const s of [clerk, manager, reviewer]) await expectCleanPage(s);
      } finally {
        for (const s of [clerk, manager, reviewer]) await s.context.close();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

/**
 * Browser: the enterprise journey through the real UI on a freshly seeded demo server.
 * (1) the DRC officer previews a star list with bad rows and is shown, row by row, what to fix;
 * (2) a new enterprise on the current year's list registers, is certified after one return and
 *     resubmission, claims its offer, and finds an active voucher with its first tranche.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPdf } from '../server/src/seed/demo-documents.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { creditCode, runScenario, shanghaiYear, starListCsv } from './support/common.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  byTestId,
  DEMO_PASSWORD,
  demoUser,
  newScenario,
  openMenu,
  type Scenario,
  settle,
  settleOnScreen,
  signIn,
  UI_TIMEOUT,
  visibleMessageKeys,
  visibleRawCodes,
  visibleText,
  waitForText,
} from './support/ui.js';

let server: RunningServer;
let browser: Browser;
let tempDir: string;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunquan-journey-'));
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

const SCENARIO_TIMEOUT = 240_000;
/** Longer than the UI default: a step that waits on a server decision plus a refetch. */
const SLOW = 60_000;

/** The same 17 characters with any other check character. */
function wrongCheck(first17: string): string {
  const right = creditCode(first17).slice(17);
  return first17 + (right === '0' ? '1' : '0');
}

/** A code in Haian's region (320685) no demo enterprise uses ('MA3…' and the voucher demo's). */
function freshCreditCode(): string {
  const digits = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  return creditCode(`91320685MA7${digits}`);
}

function writeTemp(name: string, content: string | Buffer): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}

const scenario = (run: (s: Scenario) => Promise<void>) => runScenario(browser, run);

/** Sets the star-list page's year and waits for the batches of that year to load. */
async function chooseListYear(page: Page, year: number): Promise<void> {
  const input = byTestId(page, 'starlist-year');
  await input.waitFor({ state: 'visible' });
  await input.fill(String(year));
  await expect.poll(() => input.inputValue(), { timeout: UI_TIMEOUT }).toBe(String(year));
  await settle(page);
}

/** Chooses a file for the star list and waits for the preview report. */
async function previewList(page: Page, file: string): Promise<void> {
  await byTestId(page, 'starlist-upload').setInputFiles(file);
  await byTestId(page, 'starlist-preview-table').waitFor({ state: 'visible', timeout: SLOW });
  await settle(page);
}

/** The enterprise agent's page of the side menu, from the workspace. */
async function openEnterprisePage(page: Page, label: string, segment: string): Promise<void> {
  await openMenu(page, label, `/enterprise/${segment}`);
  await settle(page);
}

/** Opens a review queue's row by the enterprise's name (searching for it first). */
async function openReviewRow(page: Page, enterpriseName: string): Promise<void> {
  const search = page.locator(
    '[data-testid="review-search"] input, input[data-testid="review-search"]',
  );
  await search.first().waitFor({ state: 'visible' });
  await search.first().fill(enterpriseName);
  await search.first().press('Enter');
  const row = page.locator('[data-testid^="review-row-"]', { hasText: enterpriseName });
  await row.first().waitFor({ state: 'visible', timeout: SLOW });
  await settle(page);
  await row.first().click();
  await byTestId(page, 'review-approve').waitFor({ state: 'visible', timeout: SLOW });
  // (A PDF viewer frame in the drawer: never `networkidle`, see settleOnScreen.)
  await settleOnScreen(page);
}

/** Waits until the open dialog has finished zooming in (a screenshot mid-animation is faded). */
async function modalShown(page: Page): Promise<void> {
  const moving = page.locator(
    ':is(.ant-modal, .ant-modal-mask, .ant-modal-wrap):is([class*="-appear"], [class*="-enter"])',
  );
  await expect.poll(() => moving.count(), { timeout: UI_TIMEOUT }).toBe(0);
}

/** 通过 or 退回 (with a reason) in the open review drawer; waits for the drawer to close. */
async function decide(
  page: Page,
  decision: 'approve' | 'return',
  options: { reason?: string; shot?: string } = {},
): Promise<void> {
  await byTestId(page, decision === 'approve' ? 'review-approve' : 'review-return').click();
  const confirm = byTestId(page, 'review-confirm');
  await confirm.waitFor({ state: 'visible' });
  if (decision === 'return') {
    await byTestId(page, 'review-reason').fill(options.reason ?? '');
  }
  if (options.shot) {
    await modalShown(page);
    await settleOnScreen(page);
    await screenshot(page, options.shot);
  }
  await confirm.click();
  await confirm.waitFor({ state: 'hidden', timeout: SLOW });
  await byTestId(page, 'review-approve').waitFor({ state: 'hidden', timeout: SLOW });
  expect(await byTestId(page, 'review-error').count()).toBe(0);
}

describe('the enterprise journey in the browser', () => {
  it(
    'the DRC imports a list with bad rows and sees the report',
    async () => {
      await scenario(async ({ page }) => {
        const year = shanghaiYear() + 1;
        const good = creditCode('91320685MA8000001');
        const file = writeTemp(
          `星级名单-${year}-有错误.csv`,
          starListCsv([
            { name: '海安甲乙丙科技有限公司', code: good, star: 4 },
            { name: '海安校验错误有限公司', code: wrongCheck('91320685MA8000002'), star: 3 },
            { name: '海安星级错误有限公司', code: creditCode('91320685MA8000003'), star: 6 },
            { name: '海安重复企业有限公司', code: good, star: 5 },
          ]),
        );
        await signIn(page, server.url, demoUser('drc'));
        await openMenu(page, '星级上云企业名单', '/drc/star-lists');
        await settle(page);
        await chooseListYear(page, year);
        await previewList(page, file);

        const summary = await waitForText(
          page,
          byTestId(page, 'starlist-summary'),
          file.split('/').pop()!,
        );
        expect(summary).toMatch(/4/);
        const table = byTestId(page, 'starlist-preview-table');
        const tableText = await visibleText(table);
        expect(tableText).toContain('统一社会信用代码校验位不正确');
        expect(tableText).toContain('星级应为三星级、四星级或五星级');
        expect(tableText).toContain('统一社会信用代码与第 2 行重复');
        // Three rows are in error, one is fine; the error cells are marked.
        expect(await table.locator('td[data-cell-state="error"]').count()).toBe(3);
        expect(await table.locator('.ant-tag-error').count()).toBe(3);
        expect(await table.locator('.ant-tag-success').count()).toBe(1);
        await waitForText(
          page,
          page.locator('form', { has: byTestId(page, 'starlist-import') }),
          '名单存在错误行',
        );
        // A title does not make a bad list importable.
        await byTestId(page, 'starlist-title').fill(`${year} 年度第一批（含错误）`);
        expect(await byTestId(page, 'starlist-import').isDisabled()).toBe(true);
        await settle(page);
        await screenshot(page, 'drc-star-list-report');
      });
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'a new enterprise goes from registration to an active voucher, with one return-and-resubmit round',
    async () => {
      const year = shanghaiYear();
      const suffix = String(Math.floor(Math.random() * 10_000)).padStart(4, '0');
      const enterpriseName = `海安云途数字科技有限公司${suffix}`;
      const code = freshCreditCode();
      const mobile = `139${String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0')}`;
      const agentName = '韩立新';
      const password = DEMO_PASSWORD;
      const returnReason = '联系电话与营业执照登记信息不一致，请核对后重新提交。';
      const idNumber = '11010519491231002X';
      // One-page PDFs with the data in them, as the demo seed draws them (a reviewer sees a
      // document, and the server's sniffing sees a PDF); each differs, as real scans would.
      const licence = writeTemp(
        '营业执照.pdf',
        await demoPdf({
          title: '营业执照（副本）',
          fields: [
            ['统一社会信用代码', code],
            ['名称', enterpriseName],
            ['法定代表人', '韩国栋'],
            ['住所', '海安市高新区云创路 12 号'],
          ],
        }),
      );
      const authorisation = writeTemp(
        '授权委托书.pdf',
        await demoPdf({
          title: '授权委托书',
          fields: [
            ['企业名称', enterpriseName],
            ['统一社会信用代码', code],
            ['经办人姓名', agentName],
            ['经办人身份证号码', idNumber],
          ],
        }),
      );
      const contract = writeTemp(
        '海安云服务合同.pdf',
        await demoPdf({
          title: '“海安云”服务合同',
          fields: [
            ['合同编号', `HAC-${year}-E2E-${suffix}`],
            ['甲方（用户）', `${enterpriseName}（${code}）`],
            ['乙方（服务方）', '海安云平台服务方'],
          ],
          signatures: ['甲方（盖章）', '乙方（盖章）'],
        }),
      );

      // The DRC puts the enterprise on this year's list: a new batch, imported and published.
      await scenario(async ({ page }) => {
        const listFile = writeTemp(
          `星级名单-${year}-追加.csv`,
          starListCsv([{ name: enterpriseName, code, star: 4 }]),
        );
        await signIn(page, server.url, demoUser('drc'));
        await openMenu(page, '星级上云企业名单', '/drc/star-lists');
        await settle(page);
        await chooseListYear(page, year);
        await previewList(page, listFile);
        const title = `${year} 年度星级上云企业名单（追加 ${suffix}）`;
        await byTestId(page, 'starlist-title').fill(title);
        const importButton = byTestId(page, 'starlist-import');
        await expect.poll(() => importButton.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
        await importButton.click();
        await byTestId(page, 'starlist-preview-table').waitFor({ state: 'hidden', timeout: SLOW });
        const batchRow = page.locator('.ant-table-row', { hasText: title });
        await batchRow.first().waitFor({ state: 'visible', timeout: SLOW });
        await settle(page);
        const publish = batchRow.first().locator('[data-testid^="starlist-publish-"]');
        await publish.click();
        await byTestId(page, 'starlist-publish-confirm').click();
        await publish.waitFor({ state: 'detached', timeout: SLOW });
        await waitForText(page, batchRow.first(), '已发布', SLOW);
        const rowText = await visibleText(batchRow.first());
        expect(rowText).toContain(String(year));
        // The demo holds batch 1 of the year: this one is the next.
        expect((await visibleText(batchRow.first().locator('td').nth(1))).trim()).toBe('2');
      });

      const agent = await newScenario(browser);
      const reviewer = await newScenario(browser);
      try {
        const { page } = agent;
        const review = reviewer.page;

        // Registration, from the sign-in page.
        await page.goto(`${server.url}/`);
        await byTestId(page, 'register-link').click();
        await page.waitForURL(/\/register$/);
        await byTestId(page, 'register-mobile').fill(mobile);
        await byTestId(page, 'register-send-code').click();
        const demoCode = byTestId(page, 'register-demo-code');
        await demoCode.waitFor({ state: 'visible', timeout: SLOW });
        const smsCode = (await visibleText(demoCode)).trim().match(/\d{6}/)?.[0];
        expect(smsCode).toMatch(/^\d{6}$/);
        await byTestId(page, 'register-code').fill(smsCode!);
        await byTestId(page, 'register-name').fill(agentName);
        await byTestId(page, 'register-password').fill(password);
        await byTestId(page, 'register-terms').check();
        await byTestId(page, 'register-submit').click();
        await byTestId(page, 'workspace-enterprise_agent').waitFor({
          state: 'visible',
          timeout: SLOW,
        });
        await page.waitForURL((url) => url.pathname.startsWith('/enterprise'));

        // Certification, first round.
        await openEnterprisePage(page, '企业认证', 'certification');
        await waitForText(page, byTestId(page, 'cert-status'), '未提交');
        await byTestId(page, 'cert-enterprise-name').fill(enterpriseName);
        await byTestId(page, 'cert-credit-code').fill(code);
        await byTestId(page, 'cert-legal-rep').fill('韩国栋');
        await byTestId(page, 'cert-address').fill('海安市高新区云创路 12 号');
        await byTestId(page, 'cert-contact-name').fill(agentName);
        await byTestId(page, 'cert-contact-phone').fill('0513-88880001');
        await byTestId(page, 'cert-agent-name').fill(agentName);
        await byTestId(page, 'cert-agent-id').fill(idNumber);
        await byTestId(page, 'cert-agent-mobile').fill(mobile);
        await byTestId(page, 'cert-licence-upload').setInputFiles(licence);
        await page.getByText('营业执照.pdf').first().waitFor({ state: 'visible', timeout: SLOW });
        await byTestId(page, 'cert-authorisation-upload').setInputFiles(authorisation);
        await page.getByText('授权委托书.pdf').first().waitFor({ state: 'visible', timeout: SLOW });
        await byTestId(page, 'cert-submit').click();
        await waitForText(page, byTestId(page, 'cert-status'), '审核中', SLOW);
        await settle(page);
        await screenshot(page, 'journey-1-certification-submitted');

        // The reviewer returns it with a reason.
        await signIn(review, server.url, demoUser('reviewer'));
        await openMenu(review, '认证审核', '/data-bureau/certification-reviews');
        await settle(review);
        await openReviewRow(review, enterpriseName);
        // The platform's checks: the enterprise is on this year's list.
        await waitForText(review, review.locator('.ant-drawer-body'), String(year));
        await decide(review, 'return', { reason: returnReason, shot: 'journey-2-review-return' });

        // The agent sees the reason and resubmits.
        await page.reload();
        await waitForText(page, byTestId(page, 'cert-status'), '已退回', SLOW);
        await waitForText(page, byTestId(page, 'cert-return-reason'), returnReason);
        await expect
          .poll(() => byTestId(page, 'cert-enterprise-name').inputValue(), { timeout: UI_TIMEOUT })
          .toBe(enterpriseName);
        await byTestId(page, 'cert-contact-phone').fill('0513-88880002');
        await byTestId(page, 'cert-submit').click();
        await waitForText(page, byTestId(page, 'cert-status'), '审核中', SLOW);

        // The reviewer approves the second round.
        await review.reload();
        await byTestId(review, 'workspace-data_bureau_reviewer').waitFor({ state: 'visible' });
        await settle(review);
        await openReviewRow(review, enterpriseName);
        await decide(review, 'approve');

        await page.reload();
        await waitForText(page, byTestId(page, 'cert-status'), '已认证', SLOW);

        // The claim of the 4★ offer with the service contract.
        await openEnterprisePage(page, '认领资源券', 'claim');
        const offer = page.locator('[data-testid^="claim-offer-"]', { hasText: '¥20,000' });
        await offer.first().waitFor({ state: 'visible', timeout: SLOW });
        const offerText = await visibleText(offer.first());
        expect(offerText).toContain(String(year));
        expect(offerText).toMatch(/4|四/);
        await offer.first().locator('[data-testid="claim-start"]').click();
        const claimSubmit = byTestId(page, 'claim-submit');
        await claimSubmit.waitFor({ state: 'visible' });
        await byTestId(page, 'claim-contract-upload').setInputFiles(contract);
        await page
          .locator('.ant-modal')
          .getByText('海安云服务合同.pdf')
          .first()
          .waitFor({ state: 'visible', timeout: SLOW });
        await expect.poll(() => claimSubmit.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
        await claimSubmit.click();
        await claimSubmit.waitFor({ state: 'hidden', timeout: SLOW });
        await waitForText(page, byTestId(page, 'claim-status'), '审核中', SLOW);
        await settle(page);
        await screenshot(page, 'journey-3-claim-submitted');

        // The reviewer approves the claim.
        await openMenu(review, '认领审核', '/data-bureau/claim-reviews');
        await settle(review);
        await openReviewRow(review, enterpriseName);
        await waitForText(review, review.locator('.ant-drawer-body'), '¥20,000');
        await decide(review, 'approve', { shot: 'journey-4-claim-review' });

        // The agent's voucher: ¥20,000, the first tranche (70 %) available now.
        await page.reload();
        await waitForText(page, byTestId(page, 'claim-status'), '已通过', SLOW);
        await byTestId(page, 'claim-vouchers-link').click();
        await page.waitForURL((url) => url.pathname === '/enterprise/vouchers');
        const card = byTestId(page, 'voucher-card').filter({ hasText: '¥20,000.00' });
        await card.first().waitFor({ state: 'visible', timeout: SLOW });
        await settle(page);
        const tranche1 = await visibleText(card.first().locator('[data-testid="tranche-row-1"]'));
        expect(tranche1).toContain('¥14,000.00');
        expect(tranche1).toContain('可使用');
        const tranche2 = await visibleText(card.first().locator('[data-testid="tranche-row-2"]'));
        expect(tranche2).toContain('¥6,000.00');
        expect(tranche2).toContain('未生效');
        await waitForText(page, byTestId(page, 'voucher-summary-available'), '¥14,000.00');
        await screenshot(page, 'journey-5-voucher-active');

        for (const s of [agent, reviewer]) {
          expect(await visibleMessageKeys(s.page)).toEqual([]);
          expect(await visibleRawCodes(s.page)).toEqual([]);
          expect(s.pageErrors).toEqual([]);
        }
      } finally {
        await agent.context.close();
        await reviewer.context.close();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

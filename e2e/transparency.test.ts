/**
 * Browser: 信息公开 opens without signing in (linked from the sign-in page), shows the demo
 * programme's figures, switches year, offers the CSV, and passes axe (no serious or critical
 * violation); the recipients list is absent until the Data Bureau publishes it.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import { byTestId, newScenario, openSignIn } from './support/ui.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('信息公开', () => {
  it('anyone opens the public figures from the sign-in page', async () => {
    const { page, context } = await newScenario(browser);
    try {
      await openSignIn(page, server.url);
      await byTestId(page, 'transparency-link').click();
      await page.waitForURL(`${server.url}/transparency`);
      await page.getByRole('heading', { level: 1, name: '信息公开' }).waitFor();
      await page.getByText('已发放资源券').waitFor();
      await page.getByText('按服务类别').waitFor();
      expect(await byTestId(page, 'transparency-recipients').count()).toBe(0);
      const csv = await byTestId(page, 'transparency-csv').getAttribute('href');
      expect(csv).toMatch(/^\/api\/public\/transparency\/\d{4}\/figures\.csv$/);
      const download = await page.request.get(`${server.url}${csv}`);
      expect(download.status()).toBe(200);
      expect(await download.text()).toContain('已核销（净额）');

      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const serious = results.violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
      expect(
        serious.map(
          (violation) => `${violation.id}: ${violation.nodes.map((n) => n.target).join(' ')}`,
        ),
      ).toEqual([]);
      await screenshot(page, 'transparency-public');

      // Another year from the picker.
      await byTestId(page, 'transparency-year').click();
      const options = page.locator('.ant-select-item-option');
      if ((await options.count()) > 1) {
        await options.nth(1).click();
        await page.getByText('按星级').waitFor();
      }
    } finally {
      await context.close();
    }
  }, 180_000);
});

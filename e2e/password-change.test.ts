/**
 * Browser: the system administrator resets a user's password in 用户管理; the user signs in
 * with the temporary password, lands on 修改初始密码 (and is sent back there from their
 * workspace's address), changes it, and only then reaches the workspace; the new password
 * works for the next sign-in.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  byTestId,
  demoUser,
  newScenario,
  openMenu,
  openSignIn,
  settle,
  signIn,
  submitPassword,
  visibleMessageKeys,
  visibleText,
  waitForText,
} from './support/ui.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SCENARIO_TIMEOUT = 120_000;
const NEW_PASSWORD = 'Zhou-qiang-2026';

describe('a temporary password must be changed at the next sign-in', () => {
  it(
    'admin resets → user signs in with it → 修改初始密码 → workspace',
    async () => {
      const admin = demoUser('sysadmin');
      const officer = demoUser('drc');

      // The administrator resets the DRC officer's password.
      const adminScenario = await newScenario(browser);
      let temporaryPassword: string;
      try {
        const { page } = adminScenario;
        await signIn(page, server.url, admin);
        await openMenu(page, '用户管理', '/admin/users');
        await byTestId(page, 'user-search').locator('input').fill(officer.username);
        await byTestId(page, 'user-search').locator('input').press('Enter');
        const row = page.locator('.ant-table-row', { hasText: officer.name });
        await row.waitFor({ state: 'visible' });
        await byTestId(page, `user-reset-${officer.username}`).click();
        await page.locator('.ant-popconfirm .ant-btn-primary').click();
        temporaryPassword = (await visibleText(byTestId(page, 'temporary-password'))).trim();
        expect(temporaryPassword.length).toBeGreaterThanOrEqual(8);
        const modal = page.locator('.ant-modal-body', {
          has: byTestId(page, 'temporary-password'),
        });
        await waitForText(page, modal, '下次登录时须先修改密码');
        await page.getByRole('button', { name: '我已记下' }).click();
        await waitForText(page, row, '待修改临时密码');
        expect(adminScenario.pageErrors).toEqual([]);
      } finally {
        await adminScenario.context.close();
      }

      // The officer signs in with it and must choose a password of their own first.
      const { context, page, pageErrors } = await newScenario(browser);
      try {
        await openSignIn(page, server.url);
        await submitPassword(page, officer.username, temporaryPassword);
        await page.waitForURL((url) => url.pathname === '/change-password');
        const screen = byTestId(page, 'password-change-required');
        await waitForText(page, screen, '临时密码');
        expect(await visibleText(page.locator('.ant-card-head').first())).toContain('修改初始密码');
        await settle(page);
        expect(await visibleMessageKeys(page)).toEqual([]);
        await screenshot(page, 'password-change-required');

        // The workspace's address leads back here while the password is temporary.
        await page.goto(`${server.url}${officer.base}`);
        await page.waitForURL((url) => url.pathname === '/change-password');
        await byTestId(page, 'password-change-required').waitFor({ state: 'visible' });

        // Keeping the temporary password is refused on the form.
        await byTestId(page, 'password-current').fill(temporaryPassword);
        await byTestId(page, 'password-new').fill(temporaryPassword);
        await byTestId(page, 'password-confirm').fill(temporaryPassword);
        await byTestId(page, 'password-submit').click();
        await waitForText(page, page.locator('.ant-form-item-explain-error'), '不能与当前密码相同');
        expect(page.url()).toContain('/change-password');

        await byTestId(page, 'password-new').fill(NEW_PASSWORD);
        await byTestId(page, 'password-confirm').fill(NEW_PASSWORD);
        await byTestId(page, 'password-submit').click();
        await byTestId(page, `workspace-${officer.role}`).waitFor({ state: 'visible' });
        await page.waitForURL((url) => url.pathname.startsWith(officer.base));
        await waitForText(page, byTestId(page, 'current-user'), officer.name);

        // Next time the new password leads straight into the workspace.
        await byTestId(page, 'sign-out').click();
        await byTestId(page, 'login-username').waitFor({ state: 'visible' });
        await submitPassword(page, officer.username, NEW_PASSWORD);
        await byTestId(page, `workspace-${officer.role}`).waitFor({ state: 'visible' });
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

/**
 * Browser: every demo role signs in through the form (the Data Bureau administrator with a
 * TOTP code) and lands in its own Chinese workspace; a wrong password is refused in Chinese;
 * the language switch turns the UI English and back; signing out ends the session on the
 * server, in every tab; every menu entry of every role opens its real page (no placeholder).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility, expectAccessible, printAccessibilityReport } from './support/axe.js';
import { launchBrowser, screenshot } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';
import {
  byTestId,
  DEMO_PASSWORD,
  DEMO_USERS,
  demoUser,
  menuLabels,
  newScenario,
  openSignIn,
  settle,
  signIn,
  submitPassword,
  visibleMessageKeys,
  visibleRawCodes,
  visibleText,
  waitForText,
} from './support/ui.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  printAccessibilityReport();
  await browser?.close();
  await server?.stop();
});

const SCENARIO_TIMEOUT = 90_000;

/** Chinese characters (CJK Unified Ideographs and CJK punctuation). */
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

/** The workspace titles of the measures' departments, in Chinese. */
const WORKSPACE_TITLES: Record<string, string> = {
  enterprise_agent: '企业工作台',
  operator_staff: '平台服务方工作台',
  operator_admin: '平台服务方管理工作台',
  data_bureau_reviewer: '市数据局审核工作台',
  data_bureau_admin: '市数据局管理工作台',
  drc_officer: '市发改委工作台',
  finance_officer: '市财政局工作台',
  system_admin: '系统管理工作台',
};

describe('each demo role signs in through the form to its own workspace', () => {
  for (const user of DEMO_USERS) {
    it(
      `${user.username}: ${user.zhRole}${user.totpSecret ? ' (with TOTP)' : ''}`,
      async () => {
        const { context, page, pageErrors } = await newScenario(browser);
        try {
          await signIn(page, server.url, user);
          const workspace = byTestId(page, `workspace-${user.role}`);
          // Only this role's workspace is on screen.
          expect(await page.locator('[data-testid^="workspace-"]').count()).toBeGreaterThan(0);
          for (const other of DEMO_USERS.filter((candidate) => candidate.role !== user.role)) {
            expect(await byTestId(page, `workspace-${other.role}`).count()).toBe(0);
          }
          await byTestId(page, 'workspace-home').waitFor({ state: 'visible' });
          await settle(page);

          const who = await waitForText(page, byTestId(page, 'current-user'), user.zhRole);
          expect(who).toContain(user.name);
          const header = await visibleText(page.locator('header'));
          expect(header).toContain(WORKSPACE_TITLES[user.role]);
          expect(header).toContain('退出登录');
          expect(await visibleText(workspace)).toContain(`您好，${user.name}`);
          // The role's own menu, no more and no less.
          expect(await menuLabels(page)).toEqual(user.menu);
          expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

          await screenshot(page, `workspace-${user.role}`);
          expect(await visibleMessageKeys(page)).toEqual([]);
          expect(await visibleRawCodes(page)).toEqual([]);
          expect(pageErrors).toEqual([]);

          // Accessibility (WCAG 2.1 AA): no serious or critical axe violation on any page of the menu.
          const inaccessible: string[] = [];
          for (const label of user.menu) {
            const link = page.getByRole('menu').getByRole('link', { name: label, exact: true });
            const href = await link.getAttribute('href');
            await link.click();
            await page.waitForURL((url) => url.pathname === href);
            await settle(page);
            inaccessible.push(
              ...(await checkAccessibility(page, `${user.role} ${label}`)).blocking,
            );
          }
          expect(inaccessible).toEqual([]);
        } finally {
          await context.close();
        }
      },
      SCENARIO_TIMEOUT * 2,
    );
  }
});

describe('sign-in, language and sign-out', () => {
  it(
    'a wrong password shows the Chinese error and stays on the sign-in page',
    async () => {
      const { context, page, pageErrors } = await newScenario(browser);
      try {
        await openSignIn(page, server.url);
        // The sign-in page itself is in Chinese, with the demo logins listed.
        expect(await visibleText(page.locator('body'))).toContain('演示账号');
        await screenshot(page, 'sign-in');
        await expectAccessible(page, 'sign-in');

        await submitPassword(page, 'drc', 'Wrong@2024');
        await waitForText(page, byTestId(page, 'login-error'), '用户名或密码不正确');
        expect(new URL(page.url()).pathname).toBe('/sign-in');
        await byTestId(page, 'login-username').waitFor({ state: 'visible' });
        expect(await byTestId(page, 'login-username').inputValue()).toBe('drc');
        expect(await page.locator('[data-testid^="workspace-"]').count()).toBe(0);
        // Nothing was signed in.
        expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);
        await screenshot(page, 'sign-in-wrong-password');
        await expectAccessible(page, 'sign-in (wrong password)');

        // The same form then signs in with the right password.
        await byTestId(page, 'login-password').fill(DEMO_PASSWORD);
        await byTestId(page, 'login-submit').click();
        await byTestId(page, 'workspace-drc_officer').waitFor({ state: 'visible' });
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'the language switch turns the workspace English, keeps it on reload, and back to Chinese',
    async () => {
      const user = demoUser('finance');
      const { context, page, pageErrors } = await newScenario(browser);
      try {
        await signIn(page, server.url, user);
        await settle(page);
        const switcher = byTestId(page, 'language-switch');

        await switcher.getByText('English', { exact: true }).click();
        await waitForText(page, byTestId(page, 'sign-out'), 'Sign out');
        await waitForText(page, byTestId(page, 'current-user'), user.enRole);
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        // The switch itself shows the language chosen.
        await waitForText(page, switcher.locator('.ant-segmented-item-selected'), 'English');
        const header = await visibleText(page.locator('header'));
        expect(header).toContain('Finance Bureau workspace');
        expect(header).not.toContain('退出登录');
        expect(header).not.toContain(user.zhRole);
        await page.getByRole('menu').getByRole('link', { name: 'Home', exact: true }).waitFor();
        const englishMenu = await menuLabels(page);
        expect(englishMenu).toHaveLength(user.menu.length);
        for (const label of englishMenu) expect(label).not.toMatch(CJK);
        await settle(page);
        await screenshot(page, 'workspace-finance_officer-en');
        await expectAccessible(page, 'finance_officer home (English)');
        expect(await visibleMessageKeys(page)).toEqual([]);

        // The choice is remembered by the browser.
        await page.reload();
        await byTestId(page, `workspace-${user.role}`).waitFor({ state: 'visible' });
        await waitForText(page, byTestId(page, 'sign-out'), 'Sign out');

        await switcher.getByText('中文', { exact: true }).click();
        await waitForText(page, byTestId(page, 'sign-out'), '退出登录');
        await waitForText(page, byTestId(page, 'current-user'), user.zhRole);
        expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
        await waitForText(page, switcher.locator('.ant-segmented-item-selected'), '中文');
        expect(await visibleText(page.locator('header'))).toContain('市财政局工作台');
        await page.getByRole('menu').getByRole('link', { name: '首页', exact: true }).waitFor();
        expect(await menuLabels(page)).toEqual(user.menu);
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'signing out returns to the sign-in page and the old session no longer works, in any tab',
    async () => {
      const user = demoUser('reviewer');
      const { context, page, pageErrors } = await newScenario(browser);
      try {
        await signIn(page, server.url, user);
        await settle(page);
        expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(200);
        const sessionCookies = await context.cookies(server.url);
        expect(sessionCookies.length).toBeGreaterThan(0);
        const cookieHeader = sessionCookies.map((c) => `${c.name}=${c.value}`).join('; ');
        expect(
          (await fetch(`${server.url}/api/me`, { headers: { cookie: cookieHeader } })).status,
        ).toBe(200);

        // A second tab of the same browser, in the workspace too.
        const otherTab = await context.newPage();
        otherTab.on('pageerror', (error) => pageErrors.push(String(error)));
        await otherTab.goto(`${server.url}${user.base}`);
        await byTestId(otherTab, `workspace-${user.role}`).waitFor({ state: 'visible' });
        await settle(otherTab);

        await byTestId(page, 'sign-out').click();
        await byTestId(page, 'login-username').waitFor({ state: 'visible' });
        await page.waitForURL((url) => url.pathname === '/sign-in');
        await page.getByText('您已退出登录').waitFor({ state: 'visible' });
        expect(await page.locator('[data-testid^="workspace-"]').count()).toBe(0);

        // The page's own fetch has no session any more…
        expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);
        // …and the old cookie, replayed, is refused by the server: the session is gone there.
        expect(
          (await fetch(`${server.url}/api/me`, { headers: { cookie: cookieHeader } })).status,
        ).toBe(401);
        // Opening the workspace again leads to the sign-in form.
        await page.goto(`${server.url}${user.base}`);
        await byTestId(page, 'login-username').waitFor({ state: 'visible' });
        await page.waitForURL((url) => url.pathname === '/sign-in');

        // The other tab finds out at its next request: it is sent to sign in, told why.
        await otherTab
          .getByRole('menu')
          .getByRole('link', { name: '政策规则', exact: true })
          .click();
        await byTestId(otherTab, 'session-expired').waitFor({ state: 'visible' });
        await waitForText(
          otherTab,
          byTestId(otherTab, 'session-expired'),
          '登录已超时，请重新登录',
        );
        expect(new URL(otherTab.url()).pathname).toBe('/sign-in');
        await screenshot(otherTab, 'session-expired');
        expect(pageErrors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

describe('the public pages pass axe (WCAG 2.1 AA, no serious or critical violation)', () => {
  it(
    'register and an unknown address',
    async () => {
      const { context, page } = await newScenario(browser);
      try {
        await page.goto(`${server.url}/register`);
        await settle(page);
        await expectAccessible(page, 'register');
        await page.goto(`${server.url}/no-such-page`);
        await settle(page);
        await expectAccessible(page, 'not found');
      } finally {
        await context.close();
      }
    },
    SCENARIO_TIMEOUT,
  );
});

describe('every menu entry of every role opens a real page', () => {
  for (const user of DEMO_USERS) {
    it(
      `${user.username}: ${user.menu.length} menu entries`,
      async () => {
        const { context, page, pageErrors } = await newScenario(browser);
        try {
          await signIn(page, server.url, user);
          await byTestId(page, 'workspace-home').waitFor({ state: 'visible' });
          for (const label of user.menu) {
            const before = page.url();
            await page.getByRole('menu').getByRole('link', { name: label, exact: true }).click();
            if (label !== '首页') await page.waitForURL((url) => url.href !== before);
            await settle(page);
            const text = await visibleText(page.locator('body'));
            // No placeholder of any kind: the page of the entry itself, with its heading.
            expect(text, label).not.toMatch(/建设中|正在建设|under construction/i);
            expect(
              await page.getByRole('main').getByRole('heading').count(),
              label,
            ).toBeGreaterThan(0);
            expect(await visibleMessageKeys(page), label).toEqual([]);
          }
          expect(pageErrors).toEqual([]);
        } finally {
          await context.close();
        }
      },
      SCENARIO_TIMEOUT * 2,
    );
  }
});

/**
 * Helpers for browser tests that drive the real UI: the demo accounts, a fresh Chinese-language
 * context per scenario, signing in through the form (with the TOTP step when asked), and
 * checks that hold on every page (no script errors, no message keys shown as text).
 */
import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { zhCN } from '../../web/src/locales/zh-CN.js';

export const DEMO_PASSWORD = 'Demo@2024';

/** The Base32 secret of the demo Data Bureau administrator (server demo-accounts.ts). */
export const BUREAU_ADMIN_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface DemoUser {
  username: string;
  role: string;
  /** The workspace's URL base. */
  base: string;
  /** The role's name on screen, as the policy's departments call themselves. */
  zhRole: string;
  enRole: string;
  /** The person's name in the demo. */
  name: string;
  /** The side menu, in order: the role's own work (mission.md), then what every user has. */
  menu: string[];
  totpSecret?: string;
}

const EVERYONE_MENU = ['消息中心', '账户设置'];
const OPERATOR_MENU = ['首页', '资源券配置', '核销', '月度报告', '兑现材料', '政策规则'];
const DATA_BUREAU_MENU = [
  '首页',
  '发放计划',
  '认证审核',
  '认领审核',
  '月度报告',
  '兑现审核',
  '全流程监管',
  '政策规则',
  '审计日志',
  ...EVERYONE_MENU,
];

/** Every demo role, written out here (not imported from the UI) so that the test checks it. */
export const DEMO_USERS: DemoUser[] = [
  {
    username: 'enterprise',
    role: 'enterprise_agent',
    base: '/enterprise',
    zhRole: '企业经办人',
    enRole: 'Enterprise agent',
    name: '张晓明',
    menu: ['首页', '企业认证', '认领资源券', '我的资源券', ...EVERYONE_MENU],
  },
  {
    username: 'operator',
    role: 'operator_staff',
    base: '/operator',
    zhRole: '平台服务方经办人',
    enRole: 'Operator clerk',
    name: '李婷',
    menu: [...OPERATOR_MENU, ...EVERYONE_MENU],
  },
  {
    username: 'operator-admin',
    role: 'operator_admin',
    base: '/operator-admin',
    zhRole: '平台服务方管理员',
    enRole: 'Operator administrator',
    name: '王磊',
    menu: [
      '首页',
      '资源券配置',
      '核销',
      '开放接口',
      '月度报告',
      '兑现材料',
      '政策规则',
      ...EVERYONE_MENU,
    ],
  },
  {
    username: 'reviewer',
    role: 'data_bureau_reviewer',
    base: '/data-bureau',
    zhRole: '市数据局审核员',
    enRole: 'Data Bureau reviewer',
    name: '陈静',
    menu: DATA_BUREAU_MENU,
  },
  {
    username: 'bureau-admin',
    role: 'data_bureau_admin',
    base: '/data-bureau-admin',
    zhRole: '市数据局管理员',
    enRole: 'Data Bureau administrator',
    name: '刘洋',
    menu: DATA_BUREAU_MENU,
    totpSecret: BUREAU_ADMIN_TOTP_SECRET,
  },
  {
    username: 'drc',
    role: 'drc_officer',
    base: '/drc',
    zhRole: '市发改委经办人',
    enRole: 'DRC officer',
    name: '周强',
    menu: ['首页', '星级上云企业名单', '兑现汇总', ...EVERYONE_MENU],
  },
  {
    username: 'finance',
    role: 'finance_officer',
    base: '/finance',
    zhRole: '市财政局经办人',
    enRole: 'Finance Bureau officer',
    name: '吴芳',
    menu: ['首页', '兑现审核与拨付', ...EVERYONE_MENU],
  },
  {
    username: 'sysadmin',
    role: 'system_admin',
    base: '/admin',
    zhRole: '系统管理员',
    enRole: 'System administrator',
    name: '赵敏',
    menu: ['首页', '用户管理', '审计日志', ...EVERYONE_MENU],
  },
];

export function demoUser(username: string): DemoUser {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return user;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Decode(input: string): Buffer {
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const character of input.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(character);
    if (index < 0) throw new Error(`not Base32: ${character}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) an authenticator app would show now. */
export function totpCode(base32Secret: string, at = Date.now()): string {
  const counter = Math.floor(at / 30_000);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(base32Secret)).update(message).digest();
  const offset = digest[digest.length - 1]! & 15;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** The TOTP step last used per server and account (the server refuses a step used already). */
const lastTotpStep = new Map<string, number>();

/** Generous: two cores, a vite-built bundle, an embedded database, other test files running. */
export const UI_TIMEOUT = 30_000;

export interface Scenario {
  context: BrowserContext;
  page: Page;
  /** Uncaught script errors seen so far on the page. */
  pageErrors: string[];
}

/** A fresh context (no cookies, no stored language) in Chinese, Beijing time, 1440 px wide. */
export async function newScenario(browser: Browser): Promise<Scenario> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  context.setDefaultNavigationTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  trackRequests(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return { context, page, pageErrors };
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/**
 * The text a person sees in the locator (Playwright's `innerText`: rendered, without hidden
 * elements such as a table's measuring row or a modal's screen-reader title).
 */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node; the rendered text is the point.
  return locator.innerText();
}

/** Opens `/` and waits for the sign-in form it leads to. */
export async function openSignIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await byTestId(page, 'login-username').waitFor({ state: 'visible' });
  await page.waitForURL(/\/sign-in$/);
}

/** Types the username and password into the form and submits. */
export async function submitPassword(page: Page, username: string, password: string) {
  await byTestId(page, 'login-username').fill(username);
  await byTestId(page, 'login-password').fill(password);
  await byTestId(page, 'login-submit').click();
}

/**
 * Signs in through the form from `/`; completes the TOTP step with a computed code when the
 * user has a second factor; waits for the role's workspace.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: DemoUser,
  options: { viaDemoButton?: boolean } = {},
): Promise<void> {
  await openSignIn(page, baseUrl);
  if (options.viaDemoButton) {
    await byTestId(page, `demo-login-${user.username}`).click();
    // The demo button only fills the form; signing in is still the user's click.
    await waitForValue(page, 'login-username', user.username);
    await waitForValue(page, 'login-password', DEMO_PASSWORD);
    await byTestId(page, 'login-submit').click();
  } else {
    await submitPassword(page, user.username, DEMO_PASSWORD);
  }
  if (user.totpSecret) {
    const codeInput = byTestId(page, 'login-totp');
    await codeInput.waitFor({ state: 'visible' });
    // A code about to roll over may be stale by the time it arrives: wait for a fresh window.
    const intoWindow = Date.now() % 30_000;
    if (intoWindow > 25_000) await page.waitForTimeout(30_500 - intoWindow);
    // The server accepts each 30-second step once per account: a second sign-in within the
    // same step (another scenario of this file) waits for the authenticator's next code.
    const usedKey = `${baseUrl} ${user.username}`;
    const lastUsed = lastTotpStep.get(usedKey);
    const stepNow = Math.floor(Date.now() / 30_000);
    if (lastUsed !== undefined && stepNow <= lastUsed) {
      await page.waitForTimeout((lastUsed + 1) * 30_000 - Date.now() + 500);
    }
    const at = Date.now();
    lastTotpStep.set(usedKey, Math.floor(at / 30_000));
    await codeInput.fill(totpCode(user.totpSecret, at));
    await byTestId(page, 'login-totp-submit').click();
  }
  await byTestId(page, `workspace-${user.role}`).waitFor({ state: 'visible' });
  await page.waitForURL((url) => url.pathname.startsWith(user.base));
}

export async function waitForValue(page: Page, testId: string, value: string): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const current = await byTestId(page, testId).inputValue();
    if (current === value) return;
    if (Date.now() > deadline) {
      throw new Error(`${testId} has “${current}”, expected “${value}”`);
    }
    await page.waitForTimeout(100);
  }
}

/** Waits until the locator's text matches; returns that text. */
export async function waitForText(
  page: Page,
  locator: Locator,
  expected: string | RegExp,
  timeout = UI_TIMEOUT,
): Promise<string> {
  await locator.first().waitFor({ state: 'visible', timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = (await visibleText(locator.first())).trim();
    const ok = typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    if (ok) return text;
    if (Date.now() > deadline) {
      throw new Error(`expected ${String(expected)}, the page shows “${text}”`);
    }
    await page.waitForTimeout(100);
  }
}

/** The labels of the workspace's side menu, in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.getByRole('menu').first().getByRole('menuitem');
  return (await items.allInnerTexts()).map((label) => label.trim());
}

/** Opens an entry of the workspace's side menu by its label and waits for its URL. */
export async function openMenu(page: Page, label: string, path: string): Promise<void> {
  await page.getByRole('menu').getByRole('link', { name: label, exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
}

const NAMESPACES = [...new Set(Object.keys(zhCN).map((key) => key.split('.')[0]))].join('|');
const MESSAGE_KEY = new RegExp(`\\b(?:${NAMESPACES})(?:\\.[A-Za-z_]+)+\\b`, 'g');

/**
 * Message keys shown as text (a translation that fell back to its key, e.g.
 * `feature.writeOffs.label`), in the page's visible text.
 */
export async function visibleMessageKeys(page: Page): Promise<string[]> {
  let text = await visibleText(page.locator('body'));
  // Codes a page shows on purpose beside their name (the audit log's action codes, marked
  // `data-code`) are not translations that fell back to their key.
  for (const code of await page.locator('[data-code]').allInnerTexts()) {
    text = text.replace(code, '');
  }
  return [...text.matchAll(MESSAGE_KEY)].map((match) => match[0]);
}

/** Codes the API speaks that a Chinese page must show in words, never as they are. */
const RAW_CODES = [
  ...DEMO_USERS.map((user) => user.role),
  'compute',
  'storage',
  'network',
  'security',
  'pending',
  'active',
  'expired',
  'exhausted',
  'deduction',
  'reversal',
  'enterprise_demo',
  'undefined',
  'null',
  'NaN',
  'Invalid Date',
];
const RAW_CODE = new RegExp(`(?<![\\w.-])(?:${RAW_CODES.join('|')})(?![\\w-])`, 'g');

/** API codes (and `undefined`, `NaN`…) shown as text on a Chinese page. */
export async function visibleRawCodes(page: Page): Promise<string[]> {
  const text = await visibleText(page.locator('body'));
  return [...text.matchAll(RAW_CODE)].map((match) => match[0]);
}

/** The requests each scenario's page has in flight (see `trackRequests`). */
const requestsInFlight = new WeakMap<Page, Set<Request>>();

/** How long no request may be in flight before the page counts as loaded. */
const NETWORK_QUIET_MS = 300;

/**
 * Counts the page's requests in flight. Playwright's `networkidle` is a load state of the
 * document: after a client-side navigation (a menu click) it is already reached and waits for
 * nothing, while React Router keeps the old page on screen until the new page's code and data
 * have arrived — so a check could start on the old page and read the new one half drawn.
 */
function trackRequests(page: Page): void {
  const inFlight = new Set<Request>();
  page.on('request', (request) => inFlight.add(request));
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => inFlight.delete(request));
  requestsInFlight.set(page, inFlight);
}

/**
 * Waits until the page has stopped loading: no request in flight for a moment, and no
 * skeleton or spinner left on screen (so a screenshot shows the page, not its loading state).
 */
export async function settle(page: Page, timeout = UI_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeout;
  await page.waitForLoadState('networkidle', { timeout });
  const inFlight = requestsInFlight.get(page);
  if (inFlight) {
    let quietSince = Date.now();
    while (inFlight.size > 0 || Date.now() - quietSince < NETWORK_QUIET_MS) {
      if (inFlight.size > 0) quietSince = Date.now();
      if (Date.now() > deadline) {
        const urls = [...inFlight].map((request) => request.url());
        throw new Error(`the page is still loading: ${urls.join(', ')}`);
      }
      await page.waitForTimeout(50);
    }
  }
  await settleOnScreen(page, Math.max(deadline - Date.now(), 1_000));
}

/**
 * The on-screen half of `settle`: no skeleton or spinner left, web fonts in place. For pages
 * showing a PDF in an <iframe> (the reviewers' drawers): Chromium's PDF viewer frame keeps
 * the page from ever reaching Playwright's `networkidle`.
 */
export async function settleOnScreen(page: Page, timeout = UI_TIMEOUT): Promise<void> {
  // (A segmented control's thumb exists only while it slides to the chosen option.)
  const busy = page.locator(
    '.ant-skeleton-active, .ant-spin-spinning, .ant-btn-loading, .ant-segmented-thumb',
  );
  const deadline = Date.now() + timeout;
  while ((await busy.count()) > 0) {
    if (Date.now() > deadline) throw new Error('the page is still loading');
    await page.waitForTimeout(100);
  }
  // Web fonts (Noto Sans SC) in place before anyone looks.
  // (A string: the project's type-checking has no DOM library.)
  await page.evaluate('document.fonts.ready.then(() => true)');
}

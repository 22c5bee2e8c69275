/**
 * Helpers the browser tests share: credit codes, star-list files, the Beijing calendar, money
 * as the UI writes it, antd dialogs, pickers and selects, and the JSON API called with the
 * browser context's own session cookie (for setup that a test does not prove).
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { creditCodeCheckChar } from '../../server/src/domain/identifiers.js';
import {
  byTestId,
  newScenario,
  type Scenario,
  settleOnScreen,
  UI_TIMEOUT,
  visibleMessageKeys,
  visibleRawCodes,
} from './ui.js';

/**
 * Runs a scenario in a fresh context and checks what holds on every page at the end: no raw
 * message keys or error codes on screen, no uncaught script errors.
 */
export async function runScenario(
  browser: Browser,
  run: (s: Scenario) => Promise<void>,
): Promise<void> {
  const s = await newScenario(browser);
  try {
    await run(s);
    await expectCleanPage(s);
  } finally {
    await s.context.close();
  }
}

/** What holds on every page: no message keys, no raw error codes, no script errors. */
export async function expectCleanPage(s: Scenario): Promise<void> {
  expect(await visibleMessageKeys(s.page)).toEqual([]);
  expect(await visibleRawCodes(s.page)).toEqual([]);
  expect(s.pageErrors).toEqual([]);
}

/** 17 characters completed with their GB 32100-2015 check character (the platform's own rule). */
export function creditCode(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`not 17 characters of the credit-code alphabet: ${first17}`);
  return first17 + check;
}

/** A Beijing calendar date, YYYY-MM-DD, of an instant (now by default). */
export function shanghaiDate(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The list year as the platform counts it: the calendar year in Asia/Shanghai. */
export function shanghaiYear(): number {
  return Number(shanghaiDate().slice(0, 4));
}

const CSV_HEADER = '序号,设区市,县(市、区),企业名称,统一社会信用代码,星级';

export function starListCsv(
  rows: Array<{ name: string; code: string; star: number | string }>,
): string {
  const lines = rows.map(
    (row, index) => `${index + 1},南通市,海安市,${row.name},${row.code},${row.star}`,
  );
  return `\uFEFF${[CSV_HEADER, ...lines].join('\r\n')}\r\n`;
}

/** ¥12,345.00 from fen, as the UI writes money. */
export function yuan(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `¥${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** Waits until no dialog or popover is still zooming in (a screenshot mid-animation is faded). */
export async function animationsDone(page: Page): Promise<void> {
  const moving = page.locator(
    ':is(.ant-modal, .ant-modal-mask, .ant-modal-wrap, .ant-popover, .ant-drawer-content-wrapper):is([class*="-appear"], [class*="-enter"])',
  );
  await expect.poll(() => moving.count(), { timeout: UI_TIMEOUT }).toBe(0);
  await settleOnScreen(page);
}

/** Opens an antd Select by its test id and clicks the option showing `label`. */
export async function pickOption(page: Page, selectTestId: string, label: string): Promise<void> {
  await byTestId(page, selectTestId).click();
  const option = page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: label });
  await option.first().waitFor({ state: 'visible' });
  await option.first().click();
  await page.locator('.ant-select-dropdown').first().waitFor({ state: 'hidden' });
}

/** Types the first and last day into an antd RangePicker (date only), as a keyboard user does. */
export async function fillDateRange(
  page: Page,
  pickerTestId: string,
  from: string,
  to: string,
): Promise<void> {
  const picker = page.locator(
    `.ant-picker-range:has([data-testid="${pickerTestId}"]), .ant-picker-range[data-testid="${pickerTestId}"]`,
  );
  const inputs = picker.first().locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
  await page.locator('.ant-picker-dropdown').first().waitFor({ state: 'hidden' });
  await expect.poll(() => inputs.nth(0).inputValue(), { timeout: UI_TIMEOUT }).toBe(from);
  await expect.poll(() => inputs.nth(1).inputValue(), { timeout: UI_TIMEOUT }).toBe(to);
}

/** A JSON API call with the page's session (setup and checks the UI step does not prove). */
export async function apiGet<T>(page: Page, path: string, params?: Record<string, string>) {
  const response = await page.request.get(path, { params });
  if (!response.ok()) throw new Error(`GET ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

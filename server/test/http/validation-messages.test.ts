/**
 * What a person reads when input is refused (issue 10 §2): every VALIDATION_FAILED names the
 * field and says, in Chinese, what is allowed — never zod's English (“Too big: expected string
 * to have <=100 characters”, “Unrecognized key”) — and carries `rule` and `limits` so the UI can
 * say it in its own language. The sweep sends junk to every body-taking route each role may call,
 * so a route added later is covered without touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Permission, ROLE_PERMISSIONS, ROLES } from '../../src/domain/permissions.js';
import { describeIssue } from '../../src/http/validation-messages.js';
import { problemOf, signedInAs } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const CHINESE = /[\u3400-\u9fff]/;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('describeIssue', () => {
  it.each([
    [
      { keyword: 'too_big', params: { origin: 'string', maximum: 100, inclusive: true } },
      '最多 100 个字符',
    ],
    [
      { keyword: 'too_small', params: { origin: 'string', minimum: 1, inclusive: true } },
      '不能为空',
    ],
    [
      { keyword: 'too_small', params: { origin: 'number', minimum: 0, inclusive: true } },
      '不能为负数',
    ],
    [
      { keyword: 'too_small', params: { origin: 'number', minimum: 0, inclusive: false } },
      '须大于 0',
    ],
    [
      { keyword: 'too_big', params: { origin: 'number', maximum: 5_000_000, inclusive: true } },
      '不能大于 5000000',
    ],
    [{ keyword: 'invalid_type', params: { expected: 'string', input: undefined } }, '必填'],
    [{ keyword: 'invalid_type', params: { expected: 'number', input: 'x' } }, '须为数字'],
    [
      { keyword: 'invalid_format', params: { format: 'datetime' } },
      '须为日期时间（如 2026-01-31T08:00:00+08:00）',
    ],
    [
      { keyword: 'invalid_value', params: { values: ['compute', 'storage'] } },
      '须为以下之一：compute、storage',
    ],
    [{ keyword: 'unrecognized_keys', params: { keys: ['colour'] } }, '不接受的字段：colour'],
    [{ keyword: 'custom', params: {}, message: 'Invalid input' }, '格式不正确'],
    [{ keyword: 'custom', params: {}, message: '统一社会信用代码无效' }, '统一社会信用代码无效'],
  ])('%j → %s', (issue, expected) => {
    expect(describeIssue(issue).message).toBe(expected);
  });
});

describe('refusals on real routes', () => {
  it('an over-long search names the field, the limit, and the rule', async () => {
    const { client } = await signedInAs(t.app, 'data_bureau_admin');
    const response = await client.get(`/api/audit?q=${'x'.repeat(1000)}`);
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.code).toBe('VALIDATION_FAILED');
    const [item] = problem.errors ?? [];
    expect(item).toMatchObject({ field: 'querystring.q', rule: 'too_big' });
    expect(item?.message).toMatch(/^最多 \d+ 个字符$/);
    expect(problem.detail).toBe(`querystring.q: ${item?.message}`);
  });

  it('an unknown member is named itself, not the body', async () => {
    const { client } = await signedInAs(t.app, 'operator_staff');
    const response = await client.request({
      method: 'PUT',
      url: '/api/monthly-reports/2025-12',
      payload: { colour: 'red' },
    });
    expect(response.statusCode).toBe(400);
    const [item] = problemOf(response).errors ?? [];
    expect(item).toMatchObject({ field: 'body.colour', rule: 'unrecognized_keys' });
    expect(item?.message).toBe('不接受的字段：colour');
  });

  it('every role, every body-taking route it may call: junk is refused in Chinese, field named', async () => {
    const english: string[] = [];
    let refusals = 0;
    for (const role of ROLES) {
      const { client } = await signedInAs(t.app, role);
      const permissions: readonly string[] = ROLE_PERMISSIONS[role] as readonly Permission[];
      for (const route of t.app.registeredRoutes) {
        if (!['POST', 'PUT', 'PATCH'].includes(route.method)) continue;
        if (route.access !== 'public' && !permissions.includes(route.access as string)) continue;
        if (/sign-out|sign-in/.test(route.url)) continue;
        const url = route.url.replace(/:[A-Za-z0-9_]+/g, 'probe');
        for (const payload of [{ unexpected: 1 }, { name: 7, amount: -1, reason: '' }]) {
          const response = await client.request({
            method: route.method as 'POST',
            url,
            payload,
          });
          if (response.statusCode !== 400) continue;
          const problem = problemOf(response);
          if (problem.code !== 'VALIDATION_FAILED') continue;
          refusals += 1;
          for (const item of problem.errors ?? []) {
            if (!CHINESE.test(item.message) || !item.field) {
              english.push(`${role} ${route.method} ${route.url}: ${item.field} ${item.message}`);
            }
          }
        }
      }
    }
    expect(refusals).toBeGreaterThan(20);
    expect(english).toEqual([]);
  }, 120_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Translate } from '../i18n/context';
import { loadLang, translate } from '../i18n/messages';
import { ApiError } from './client';
import { describeError, describeFieldIssue, fieldLabel } from './errors';

const zh: Translate = (key, vars) => translate('zh-CN', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);

beforeAll(() => loadLang('en'));

const refused = (errors: ApiError['errors']) =>
  new ApiError({ status: 400, code: 'VALIDATION_FAILED', title: 'Bad Request', errors });

describe('a refused field, in the UI’s language', () => {
  it('says what is allowed instead of zod’s English', () => {
    const tooLong = {
      field: 'body.enterpriseName',
      message: '最多 100 个字符',
      rule: 'too_big',
      limits: { maximum: 100, origin: 'string', inclusive: true },
    };
    expect(describeFieldIssue(zh, tooLong)).toBe('最多 100 个字符');
    expect(describeFieldIssue(en, tooLong)).toBe('must be at most 100 characters');
    const negative = {
      field: 'body.amount',
      message: '不能为负数',
      rule: 'too_small',
      limits: { minimum: 0, origin: 'number', inclusive: true },
    };
    expect(describeFieldIssue(zh, negative)).toBe('不能为负数');
    expect(describeFieldIssue(en, negative)).toBe('must not be negative');
    const creditCode = {
      field: 'body.creditCode',
      message: '统一社会信用代码无效（应为 18 位，且校验位相符）',
      rule: 'custom',
      limits: { reason: 'credit-code' },
    };
    expect(describeFieldIssue(en, creditCode)).toMatch(
      /^is not a valid unified social credit code/,
    );
    expect(describeFieldIssue(zh, creditCode)).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('names the field away from its form, and does not repeat a hint shown under the field', () => {
    const error = refused([
      {
        field: 'querystring.q',
        message: '最多 200 个字符',
        rule: 'too_big',
        limits: { maximum: 200, origin: 'string' },
      },
    ]);
    expect(fieldLabel(zh, 'querystring.q')).toBe('搜索内容');
    expect(describeError(zh, error)).toBe('“搜索内容”最多 200 个字符');
    expect(describeError(en, error)).toBe('“Search” must be at most 200 characters');
  });

  it('falls back to the field’s own name and the server’s words for a rule it does not know', () => {
    const error = refused([{ field: 'body.mystery', message: '须为本年度', rule: 'custom' }]);
    expect(describeError(zh, error)).toBe('“mystery”须为本年度');
  });
});

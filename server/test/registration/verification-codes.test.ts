/** Registration codes: limits per number, storage and checking, as tables of cases. */
import { describe, expect, it } from 'vitest';
import {
  checkCode,
  codeMatches,
  codeRequestDecision,
  generateCode,
  hashCode,
} from '../../src/modules/registration/verification-codes.js';

const T0 = new Date('2026-03-02T02:00:00Z').getTime();
const at = (seconds: number) => new Date(T0 + seconds * 1000);

describe('codeRequestDecision', () => {
  it.each<[string, number[], number, ReturnType<typeof codeRequestDecision>]>([
    ['first code', [], 0, { ok: true }],
    ['59 s after the last', [0], 59, { ok: false, code: 'CODE_TOO_SOON', retryAfterSeconds: 1 }],
    ['1 s after the last', [0], 1, { ok: false, code: 'CODE_TOO_SOON', retryAfterSeconds: 59 }],
    ['60 s after the last', [0], 60, { ok: true }],
    ['4 in the hour', [0, 60, 120, 180], 240, { ok: true }],
    [
      '5 in the hour',
      [0, 60, 120, 180, 240],
      300,
      { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: 3300 },
    ],
    ['5, the first an hour ago', [0, 60, 120, 180, 240], 3600, { ok: true }],
    [
      '10 in the day',
      [0, 60, 120, 180, 240, 7200, 7260, 7320, 7380, 7440],
      20_000,
      { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: 86_400 - 20_000 },
    ],
    [
      '10, the first a day ago',
      [0, 60, 120, 180, 240, 7200, 7260, 7320, 7380, 7440],
      86_400,
      {
        ok: true,
      },
    ],
  ])('%s', (_label, previous, now, expected) => {
    expect(codeRequestDecision(previous.map(at), at(now))).toEqual(expected);
  });
});

describe('codes', () => {
  it('are six digits, leading zeros kept', () => {
    expect(generateCode(() => 42)).toBe('000042');
    for (let i = 0; i < 50; i++) expect(generateCode()).toMatch(/^\d{6}$/);
  });

  it('are stored as a keyed hash bound to the number and purpose', () => {
    const hash = hashCode('secret', 'register', '13812341234', '123456');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(codeMatches(hash, hashCode('secret', 'register', '13812341234', '123456'))).toBe(true);
    expect(codeMatches(hash, hashCode('secret', 'register', '13812341234', '123457'))).toBe(false);
    expect(codeMatches(hash, hashCode('secret', 'register', '13812341235', '123456'))).toBe(false);
    expect(codeMatches(hash, hashCode('secret', 'reset-password', '13812341234', '123456'))).toBe(
      false,
    );
    expect(codeMatches(hash, hashCode('other', 'register', '13812341234', '123456'))).toBe(false);
  });

  it.each<[string, Parameters<typeof checkCode>[0], boolean, string]>([
    ['no code sent', null, true, 'CODE_INVALID'],
    ['used already', { expiresAt: at(300), attempts: 0, consumedAt: at(10) }, true, 'CODE_INVALID'],
    [
      'five wrong tries',
      { expiresAt: at(300), attempts: 5, consumedAt: null },
      true,
      'CODE_ATTEMPTS_EXCEEDED',
    ],
    ['expired', { expiresAt: at(0), attempts: 0, consumedAt: null }, true, 'CODE_EXPIRED'],
    ['wrong', { expiresAt: at(300), attempts: 4, consumedAt: null }, false, 'CODE_INVALID'],
    ['right', { expiresAt: at(300), attempts: 4, consumedAt: null }, true, 'ok'],
  ])('checkCode: %s', (_label, latest, matches, expected) => {
    const result = checkCode(latest, matches, at(0));
    expect(result.ok ? 'ok' : result.code).toBe(expected);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPasswordStrength,
  generateTemporaryPassword,
  type PasswordProblem,
} from '../../src/domain/password.js';

describe('checkPasswordStrength: 8+ characters from 3 of 4 classes', () => {
  it.each<[string, string, PasswordProblem[]]>([
    ['Demo@2024', 'all four classes', []],
    ['Abcdefg1', 'exactly 8, three classes', []],
    ['abcdef1!', 'lower, digit, symbol', []],
    ['ABCDEF1!', 'upper, digit, symbol', []],
    ['Abcdefg!', 'upper, lower, symbol', []],
    ['密码Abc123', 'Chinese characters count as symbols', []],
    ['Abcdef1', '7 characters', ['TOO_SHORT']],
    ['abcdefgh', 'one class', ['TOO_FEW_CHARACTER_CLASSES']],
    ['abcdefg1', 'two classes', ['TOO_FEW_CHARACTER_CLASSES']],
    ['12345678', 'digits only', ['TOO_FEW_CHARACTER_CLASSES']],
    ['Ab1', 'short and three classes', ['TOO_SHORT']],
    ['ab', 'short and one class', ['TOO_SHORT', 'TOO_FEW_CHARACTER_CLASSES']],
    ['', 'empty', ['TOO_SHORT', 'TOO_FEW_CHARACTER_CLASSES']],
    [`Aa1${'x'.repeat(125)}`, '128 characters', []],
    [`Aa1${'x'.repeat(126)}`, '129 characters', ['TOO_LONG']],
    ['Ab1😀😀😀😀', 'emoji are one character each: 7', ['TOO_SHORT']],
  ])('%s (%s)', (password, _description, problems) => {
    const result = checkPasswordStrength(password);
    expect(result).toEqual(problems.length === 0 ? { ok: true } : { ok: false, problems });
  });
});

describe('generateTemporaryPassword', () => {
  it('always passes the policy, whatever the random numbers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 4, max: 40 }),
        (seed, length) => {
          let index = 0;
          const randomInt = (max: number) => (seed[index++ % seed.length] ?? 0) % max;
          const password = generateTemporaryPassword(randomInt, length);
          expect(password).toHaveLength(length);
          if (length >= 8) expect(checkPasswordStrength(password)).toEqual({ ok: true });
        },
      ),
    );
  });

  it('leaves out characters that are easily confused', () => {
    const password = generateTemporaryPassword((max) => max - 1, 40);
    expect(password).not.toMatch(/[0O1lI]/);
  });

  it('refuses lengths that cannot hold all four classes', () => {
    expect(() => generateTemporaryPassword(() => 0, 3)).toThrow(RangeError);
  });
});

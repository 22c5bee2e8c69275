import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { formatYuan, parseYuanToFen, toChineseCapital } from '../../src/domain/money.js';

const MAX = Number.MAX_SAFE_INTEGER;

describe('formatYuan', () => {
  it.each([
    [5_000_000, '¥50,000.00'],
    [0, '¥0.00'],
    [-0, '¥0.00'],
    [1, '¥0.01'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [100_000, '¥1,000.00'],
    [123_456_789, '¥1,234,567.89'],
    [-150, '-¥1.50'],
    [-5_000_000, '-¥50,000.00'],
    [MAX, '¥90,071,992,547,409.91'],
    [-MAX, '-¥90,071,992,547,409.91'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, MAX + 1])('refuses %d', (fen) => {
    expect(() => formatYuan(fen)).toThrow(DomainError);
  });
});

describe('parseYuanToFen', () => {
  it.each([
    ['50,000.5', 5_000_050],
    ['50000', 5_000_000],
    ['50,000.00', 5_000_000],
    ['¥50,000.00', 5_000_000],
    ['￥1', 100],
    [' 12.3 ', 1_230],
    ['0.05', 5],
    ['0.1', 10],
    ['1,234,567.89', 123_456_789],
    ['-1.50', -150],
    ['-¥1.50', -150],
    ['0', 0],
    ['90,071,992,547,409.91', MAX],
    ['0.29', 29], // 0.29 * 100 is 28.999999999999996 in floats
    ['1.15', 115], // 1.15 * 100 is 114.99999999999999
  ])('%j → %d fen', (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it('gives 0, not -0, for a negative zero', () => {
    expect(Object.is(parseYuanToFen('-0.00'), 0)).toBe(true);
  });

  it.each([
    '90,071,992,547,409.92', // one fen past the largest safe integer
    '100000000000000000000',
    '1.234', // more than two decimals
    '',
    ' ',
    'abc',
    '1,00', // badly grouped
    '12,3456',
    ',100',
    '1.',
    '.5',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    '1 000',
    '--1',
    '+1',
    '¥-1',
    '１２', // full-width digits
  ])('refuses %j', (input) => {
    expect(parseYuanToFen(input)).toBeNull();
  });

  it('reads back whatever formatYuan prints', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        expect(parseYuanToFen(formatYuan(fen))).toBe(fen);
      }),
      { examples: [[0], [MAX], [-MAX], [MAX - 9]] },
    );
  });
});

/** Reads 大写 back to fen: an independent check of the value the text states. */
function decodeCapital(text: string): number {
  const digits = '零壹贰叁肆伍陆柒捌玖';
  const placeValues: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
  const readSection = (section: string): number => {
    let total = 0;
    let digit = 0;
    for (const character of section) {
      const value = digits.indexOf(character);
      if (value >= 0) digit = value;
      else {
        total += digit * (placeValues[character] ?? Number.NaN);
        digit = 0;
      }
    }
    return total + digit;
  };
  const readInteger = (integer: string): number => {
    const yi = integer.lastIndexOf('亿');
    if (yi >= 0)
      return readInteger(integer.slice(0, yi)) * 1e8 + readInteger(integer.slice(yi + 1));
    const wan = integer.indexOf('万');
    if (wan >= 0)
      return readSection(integer.slice(0, wan)) * 1e4 + readSection(integer.slice(wan + 1));
    return readSection(integer);
  };

  const negative = text.startsWith('负');
  const body = text.replace(/^负/, '').replace(/整$/, '');
  const yuanEnd = body.indexOf('元');
  let fen = yuanEnd >= 0 ? readInteger(body.slice(0, yuanEnd)) * 100 : 0;
  for (const [, digit = '', unit] of body
    .slice(yuanEnd + 1)
    .matchAll(/([壹贰叁肆伍陆柒捌玖])([角分])/g)) {
    fen += digits.indexOf(digit) * (unit === '角' ? 10 : 1);
  }
  return negative ? -fen : fen;
}

describe('toChineseCapital', () => {
  it.each([
    // The brief's cases
    [10_000_000, '壹拾万元整'], // 100,000.00
    [100_000_100, '壹佰万零壹元整'], // 1,000,001.00
    [1_001_010, '壹万零壹拾元壹角整'], // 10,010.10
    [5, '伍分'], // 0.05
    [5_000_000, '伍万元整'], // 50,000.00
    [2_000_000, '贰万元整'],
    [1_000_000, '壹万元整'],
    [1_234_567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [0, '零元整'],
    // 角 and 分
    [50, '伍角整'],
    [55, '伍角伍分'],
    [105, '壹元零伍分'], // zero 角 before 分 after 元: 零
    [1_001_001, '壹万零壹拾元零壹分'],
    [120, '壹元贰角整'],
    // Zeros inside and between 万/亿 groups
    [100, '壹元整'],
    [1_000, '壹拾元整'],
    [1_500, '壹拾伍元整'],
    [100_100, '壹仟零壹元整'],
    [101_000, '壹仟零壹拾元整'],
    [110_000, '壹仟壹佰元整'],
    [100_100_100, '壹佰万壹仟零壹元整'],
    [1_000_000_100, '壹仟万零壹元整'],
    [10_000_000_100, '壹亿零壹元整'],
    [10_001_000_000, '壹亿零壹万元整'],
    [10_010_000_000, '壹亿零壹拾万元整'],
    [11_000_000_000, '壹亿壹仟万元整'],
    [10_000_100_000_000, '壹仟亿零壹佰万元整'],
    [120_000_000_000_000, '壹万贰仟亿元整'],
    // Examples in the bank rules (the optional 零 is left out)
    [168_032, '壹仟陆佰捌拾元叁角贰分'], // 1,680.32
    [10_700_053, '壹拾万柒仟元伍角叁分'], // 107,000.53
    [MAX, '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
    [-5_000_000, '负伍万元整'],
  ])('%d fen → %s', (fen, capital) => {
    expect(toChineseCapital(fen)).toBe(capital);
  });

  it('refuses a fraction of a fen', () => {
    expect(() => toChineseCapital(0.5)).toThrow(DomainError);
  });

  it('states the amount exactly, with at most one 零 in a row and none before a unit', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const capital = toChineseCapital(fen);
        expect(decodeCapital(capital)).toBe(fen);
        if (fen !== 0) expect(capital).not.toMatch(/零零|零[万亿元角分]|零$/);
        expect(capital.endsWith('整')).toBe(fen % 10 === 0);
      }),
      { examples: [[0], [1], [10], [MAX], [-MAX]] },
    );
  });
});

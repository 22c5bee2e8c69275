import { describe, expect, it } from 'vitest';
import {
  basisPointsToPercentInput,
  fenToYuanInput,
  formatBasisPoints,
  formatYuan,
  parsePercentToBasisPoints,
  parseYuanToFen,
  yuanInputProblem,
} from './money';

describe('formatYuan', () => {
  it('shows fen as yuan with separators, exactly', () => {
    expect(formatYuan(5_000_000)).toBe('¥50,000.00');
    expect(formatYuan(1)).toBe('¥0.01');
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(-12_345)).toBe('-¥123.45');
    expect(formatYuan(123_456_789_012)).toBe('¥1,234,567,890.12');
    expect(formatYuan(null)).toBe('—');
  });
});

describe('parseYuanToFen', () => {
  it('reads what a clerk types', () => {
    expect(parseYuanToFen('1,234.5')).toBe(123_450);
    expect(parseYuanToFen('1234.56')).toBe(123_456);
    expect(parseYuanToFen('¥80')).toBe(8_000);
    expect(parseYuanToFen(' ￥1，234.50 ')).toBe(123_450);
    expect(parseYuanToFen('0.01')).toBe(1);
    expect(parseYuanToFen('0.29')).toBe(29);
    expect(parseYuanToFen('1.13')).toBe(113);
  });

  it('refuses anything else', () => {
    for (const text of [
      '1234.567',
      '1,23.4',
      '-5',
      'abc',
      '',
      '.5',
      '5.',
      '1e3',
      '10000000000000000',
    ]) {
      expect(parseYuanToFen(text)).toBeNull();
    }
  });
});

describe('helpers', () => {
  it('prefills inputs and shows shares', () => {
    expect(fenToYuanInput(123_450)).toBe('1234.50');
    expect(formatBasisPoints(7_000)).toBe('70%');
    expect(formatBasisPoints(3_333)).toBe('33.33%');
  });
});

describe('yuanInputProblem: why an amount was refused', () => {
  it.each([
    ['', 'validation.amount.empty'],
    ['  ', 'validation.amount.empty'],
    ['-5', 'validation.amount.negative'],
    ['¥-1,000.00', 'validation.amount.negative'],
    ['1.234', 'validation.amount.decimals'],
    ['12,345.678', 'validation.amount.decimals'],
    ['99999999999999', 'validation.amount.tooLarge'],
    ['1e5', 'validation.amount.notNumber'],
    ['abc', 'validation.amount.notNumber'],
  ])('%j → %s', (text, key) => {
    expect(parseYuanToFen(text)).toBeNull();
    expect(yuanInputProblem(text).key).toBe(key);
  });
});

describe('percentages ↔ basis points (the policy form)', () => {
  it('reads a percentage exactly, where floating point would not', () => {
    // 0.57 × 100 = 56.99999999999999 and 1.1 × 100 = 110.00000000000001 in floating point
    // (1,146 of the 10,001 possible shares go wrong so); the string arithmetic is exact.
    expect(0.57 * 100).not.toBe(57);
    expect(1.1 * 100).not.toBe(110);
    expect(parsePercentToBasisPoints('0.57')).toBe(57);
    expect(parsePercentToBasisPoints('1.1')).toBe(110);
    expect(parsePercentToBasisPoints('33.33')).toBe(3_333);
    expect(parsePercentToBasisPoints('66.67')).toBe(6_667);
    expect(parsePercentToBasisPoints('70')).toBe(7_000);
    expect(parsePercentToBasisPoints('70%')).toBe(7_000);
    expect(parsePercentToBasisPoints(' 0.07 ')).toBe(7);
    expect(parsePercentToBasisPoints('0.1')).toBe(10);
    expect(parsePercentToBasisPoints('100')).toBe(10_000);
    expect(parsePercentToBasisPoints('0')).toBe(0);
  });

  it('refuses a third decimal, a sign, words and more than 100%', () => {
    for (const text of ['33.333', '-5', '+5', '100.01', '101', 'abc', '', '.5', '5.']) {
      expect(parsePercentToBasisPoints(text), text).toBeNull();
    }
  });

  it('shows basis points as the input starts from, and round-trips every value', () => {
    expect(basisPointsToPercentInput(3_333)).toBe('33.33');
    expect(basisPointsToPercentInput(7_000)).toBe('70');
    expect(basisPointsToPercentInput(7)).toBe('0.07');
    expect(basisPointsToPercentInput(10)).toBe('0.1');
    for (let basisPoints = 0; basisPoints <= 10_000; basisPoints += 1) {
      expect(parsePercentToBasisPoints(basisPointsToPercentInput(basisPoints))).toBe(basisPoints);
    }
  });
});

describe('yuan ↔ fen (the policy form’s tier amounts)', () => {
  it('is exact to the fen, both ways', () => {
    // 0.07 × 100 = 7.000000000000001 in floating point.
    expect(0.07 * 100).not.toBe(7);
    expect(parseYuanToFen('0.07')).toBe(7);
    expect(parseYuanToFen('30,000.00')).toBe(3_000_000);
    expect(parseYuanToFen('20000.1')).toBe(2_000_010);
    expect(fenToYuanInput(7)).toBe('0.07');
    for (const fen of [1, 7, 29, 113, 1_000_000, 2_000_000, 5_000_000, 123_456_789]) {
      expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen);
    }
  });
});

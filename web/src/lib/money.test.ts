import { describe, expect, it } from 'vitest';
import { fenToYuanInput, formatBasisPoints, formatYuan, parseYuanToFen } from './money';

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

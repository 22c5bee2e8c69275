import { describe, expect, it } from 'vitest';
import { humanName, normaliseName } from '../../src/domain/names.js';

describe('normaliseName', () => {
  it('removes zero-width and invisible characters, so an invisible name is empty', () => {
    expect(normaliseName('\u200b\u200c\u200d\ufeff\u2060')).toBe('');
    expect(normaliseName('海安\u200b精工')).toBe('海安精工');
    expect(normaliseName('\u202e反转\u202c')).toBe('反转');
    expect(normaliseName('软\u00ad连字符')).toBe('软连字符');
  });

  it('removes control characters, turns line breaks into spaces and trims', () => {
    expect(normaliseName('  海安\u0000精工\n机械  ')).toBe('海安精工 机械');
    expect(normaliseName('a\t\t b')).toBe('a b');
  });

  it('normalises to NFC', () => {
    const decomposed = 'Cafe\u0301';
    expect(normaliseName(decomposed)).toBe('Caf\u00e9');
    expect(normaliseName(decomposed).length).toBe(4);
  });
});

describe('humanName', () => {
  it('checks lengths after normalising', () => {
    const schema = humanName(5);
    expect(schema.parse(' 甲\u200b乙 ')).toBe('甲乙');
    expect(schema.safeParse('\u200b\u200b').success).toBe(false);
    expect(schema.safeParse('\u200b\u200b').error?.issues[0]?.message).toMatch(/不能为空/);
    // Six visible characters with invisible padding are too long; five with padding are not.
    expect(schema.safeParse('一二三四五六').success).toBe(false);
    expect(schema.safeParse('一\u200b二\u200b三\u200b四\u200b五\u200b').success).toBe(true);
  });
});

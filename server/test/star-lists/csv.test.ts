import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseCsv } from '../../src/modules/star-lists/csv.js';

// 序号 in GB18030/GBK: D0 F2 BA C5; 南通市: C4 CF CD A8 CA D0.
const GBK_HEADER = Buffer.from([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xc4, 0xcf, 0xcd, 0xa8, 0xca, 0xd0]);

describe('decodeText', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from('序号,南通市', 'utf8'), 'utf-8'],
    [
      'UTF-8 with BOM (Excel "CSV UTF-8")',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('序号,南通市', 'utf8')]),
      'utf-8',
    ],
    ['GBK bytes (Excel "CSV (逗号分隔)" on Chinese Windows)', GBK_HEADER, 'gb18030'],
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('序号,南通市', 'utf16le')]),
      'utf-16le',
    ],
  ])('decodes %s', (_name, bytes, encoding) => {
    expect(decodeText(bytes)).toEqual({ text: '序号,南通市', encoding });
  });

  it('keeps tabs and line breaks, which text has', () => {
    expect(decodeText(Buffer.from('a\tb\r\nc\n'))?.text).toBe('a\tb\r\nc\n');
  });

  it.each([
    ['an executable header', Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0x00, 0x03])])],
    ['NUL bytes', Buffer.from([0x41, 0x00, 0x42])],
    ['bytes valid in neither UTF-8 nor GB18030', Buffer.from([0x81, 0x20, 0xff, 0xff])],
    ['a UTF-8 BOM followed by invalid UTF-8', Buffer.from([0xef, 0xbb, 0xbf, 0xc3, 0x28])],
  ])('refuses %s', (_name, bytes) => {
    expect(decodeText(bytes)).toBeNull();
  });
});

describe('parseCsv (RFC 4180)', () => {
  it.each<[string, string, string[][]]>([
    ['plain fields', 'a,b,c', [['a', 'b', 'c']]],
    [
      'LF line breaks',
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'CRLF line breaks',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'old Mac CR line breaks',
      'a,b\rc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'no final line break',
      'a,b\r\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a quoted comma', '"海安市,南通",b', [['海安市,南通', 'b']]],
    ['a doubled quote inside quotes', '"他说""好""",x', [['他说"好"', 'x']]],
    ['a line break inside quotes', '"第一行\r\n第二行",x\n', [['第一行\r\n第二行', 'x']]],
    ['an empty quoted field', '"",x', [['', 'x']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['a trailing empty field', 'a,\n', [['a', '']]],
    ['an empty line between records', 'a\n\nb\n', [['a'], [''], ['b']]],
    ['a quote inside an unquoted field (kept, as Excel does)', 'ab"c,d', [['ab"c', 'd']]],
    ['spaces kept as they are', ' a , b ', [[' a ', ' b ']]],
    ['empty text', '', []],
  ])('parses %s', (_name, text, records) => {
    expect(parseCsv(text)).toEqual({ records, unterminatedQuoteAt: null });
  });

  it('reports where an unterminated quote opened', () => {
    const result = parseCsv('序号,名称\n1,"海安\n2,x\n');
    expect(result.unterminatedQuoteAt).toBe(2);
  });

  it('parses tab-separated text with the tab delimiter', () => {
    expect(parseCsv('a\tb,c\n', '\t').records).toEqual([['a', 'b,c']]);
  });
});

describe('detectDelimiter', () => {
  it.each<[string, string, string]>([
    ['commas', '序号,设区市\n', ','],
    ['tabs only', '序号\t设区市\n', '\t'],
    ['tabs and commas', '序号\t设区,市\n', ','],
    ['leading blank lines', '\n\n序号\t设区市', '\t'],
  ])('picks the delimiter of a header with %s', (_name, text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

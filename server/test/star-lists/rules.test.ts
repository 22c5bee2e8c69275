import { describe, expect, it } from 'vitest';
import {
  type CellValue,
  type ColumnIndex,
  creditCodeProblem,
  dataRowsOf,
  locateHeader,
  parseStar,
  type StarListContext,
  type Table,
  type TableRow,
  validateStarList,
} from '../../src/modules/star-lists/star-list.rules.js';
import { creditCodeFor } from '../helpers/fixtures.js';

const HEADER = ['序号', '设区市', '县(市、区)', '企业名称', '统一社会信用代码', '星级'];
const COLUMNS: ColumnIndex = {
  seqNo: 0,
  city: 1,
  county: 2,
  enterpriseName: 3,
  creditCode: 4,
  star: 5,
};
const EMPTY: StarListContext = { listYear: 2025, inYear: new Map(), earlier: new Map() };

function row(rowNo: number, cells: Partial<Record<keyof ColumnIndex, CellValue>>): TableRow {
  const full = {
    seqNo: rowNo - 1,
    city: '南通市',
    county: '海安市',
    enterpriseName: '海安测试有限公司',
    creditCode: creditCodeFor(rowNo),
    star: 4,
    ...cells,
  };
  return {
    rowNo,
    cells: [full.seqNo, full.city, full.county, full.enterpriseName, full.creditCode, full.star],
  };
}

function judge(rows: TableRow[], context: StarListContext = EMPTY) {
  return validateStarList(rows, COLUMNS, context);
}

function codesOf(rows: TableRow[], context?: StarListContext) {
  return judge(rows, context).rows.map((r) => r.errors.map((e) => `${e.column}:${e.code}`));
}

describe('credit codes (policy-rules.md, Identifiers)', () => {
  it.each(['91350100M000100Y43', '91110105MA01ABCD5F', '52440300MJL123454Y', '91310115MA1H8R7C41'])(
    'accepts %s',
    (code) => {
      expect(creditCodeProblem(code)).toBeNull();
      expect(codesOf([row(2, { creditCode: code })])).toEqual([[]]);
    },
  );

  it.each([
    ['91350100M000100Y4Z', 'CREDIT_CODE_CHARACTERS'], // Z is not in the alphabet
    ['91110105MA01ABCD5G', 'CREDIT_CODE_CHECK'],
    ['52440300MJL12345Y4', 'CREDIT_CODE_CHECK'],
    ['91310115MAIH8R7C41', 'CREDIT_CODE_CHARACTERS'],
    ['91310115MA1H8R7C4', 'CREDIT_CODE_LENGTH'],
    ['91A10105MA01ABCD5F', 'CREDIT_CODE_REGION'],
    ['91110105MA01-BCD5F', 'CREDIT_CODE_CHARACTERS'],
  ])('refuses %s with %s', (code, expected) => {
    expect(creditCodeProblem(code)?.code).toBe(expected);
    expect(codesOf([row(2, { creditCode: code })])).toEqual([[`creditCode:${expected}`]]);
  });

  it('names the characters GB 32100 does not use', () => {
    expect(creditCodeProblem('91310115MAIH8R7C41')?.message).toContain('“I”');
  });

  it('reads a code as typed: lower case, spaces, full-width characters', () => {
    const report = judge([
      row(2, { creditCode: ' 9111 0105ma01abcd5f ' }),
      row(3, { creditCode: '９１３５０１００Ｍ０００１００Ｙ４３' }),
    ]);
    expect(report.summary.invalid).toBe(0);
    expect(report.entries.map((e) => e.creditCode)).toEqual([
      '91110105MA01ABCD5F',
      '91350100M000100Y43',
    ]);
  });

  it('refuses a code Excel stored as a number (its last digits are lost)', () => {
    expect(codesOf([row(2, { creditCode: 913206215555555600 })])).toEqual([
      ['creditCode:CREDIT_CODE_AS_NUMBER'],
    ]);
  });
});

describe('star level', () => {
  it.each<[CellValue, 3 | 4 | 5]>([
    [3, 3],
    [5, 5],
    ['4', 4],
    ['5星', 5],
    [' 3 星级 ', 3],
    ['５', 5],
    ['三星级', 3],
    ['四星级', 4],
    ['五星级', 5],
    ['三星', 3],
    [' 五 星 ', 5],
  ])('reads %j as %i', (value, star) => {
    expect(parseStar(value)).toBe(star);
    expect(judge([row(2, { star: value })]).entries[0]?.star).toBe(star);
  });

  it.each<[CellValue]>([[2], [6], ['五'], ['六星级'], ['二星'], [4.5], ['3,4'], ['★★★']])(
    'refuses %j',
    (value) => {
      expect(parseStar(value)).toBeNull();
      const report = judge([row(2, { star: value })]);
      expect(report.rows[0]?.errors).toEqual([
        expect.objectContaining({ column: 'star', code: 'STAR_INVALID' }),
      ]);
      expect(report.rows[0]?.errors[0]?.message).toContain('三星级、四星级或五星级');
    },
  );
});

describe('other columns', () => {
  it('requires every column, naming it in Chinese', () => {
    const report = judge([
      row(2, {
        seqNo: null,
        city: '',
        county: ' ',
        enterpriseName: '',
        creditCode: null,
        star: '',
      }),
    ]);
    expect(report.rows[0]?.errors.map((e) => e.message)).toEqual([
      '序号不能为空',
      '设区市不能为空',
      '县(市、区)不能为空',
      '企业名称不能为空',
      '统一社会信用代码不能为空',
      '星级不能为空',
    ]);
  });

  it.each<[CellValue]>([['一'], [0], [-1], [1.5], ['1a']])(
    'refuses the serial number %j',
    (seqNo) => {
      expect(codesOf([row(2, { seqNo })])).toEqual([['seqNo:SEQ_NO_INVALID']]);
    },
  );

  it('refuses an over-long enterprise name', () => {
    expect(codesOf([row(2, { enterpriseName: '名'.repeat(201) })])).toEqual([
      ['enterpriseName:TOO_LONG'],
    ]);
  });

  it('keeps what was read, as text, for the report', () => {
    const report = judge([row(7, { seqNo: 6, star: '五' })]);
    expect(report.rows[0]).toMatchObject({
      rowNo: 7,
      values: { seqNo: '6', city: '南通市', star: '五', creditCode: creditCodeFor(7) },
    });
  });
});

describe('duplicates and earlier ratings', () => {
  const code = creditCodeFor(42);

  it('flags a credit code repeated inside the file on the later row, naming the first', () => {
    const report = judge([
      row(2, { creditCode: code }),
      row(3, {}),
      row(4, { creditCode: code.toLowerCase() }),
    ]);
    expect(report.rows.map((r) => r.errors.map((e) => e.code))).toEqual([
      [],
      [],
      ['DUPLICATE_IN_FILE'],
    ]);
    expect(report.rows[2]?.errors[0]?.message).toBe('统一社会信用代码与第 2 行重复');
    expect(report.entries).toEqual([]);
  });

  it('flags an enterprise already in an earlier batch of the same year', () => {
    const context: StarListContext = {
      ...EMPTY,
      inYear: new Map([[code, { batchNo: 1, status: 'published' as const }]]),
    };
    const report = judge([row(2, { creditCode: code })], context);
    expect(report.rows[0]?.errors).toEqual([
      {
        column: 'creditCode',
        code: 'DUPLICATE_IN_YEAR',
        message: '该企业已列入 2025 年度第 1 批名单（已发布），同一年度只能列入一次',
      },
    ]);
  });

  it('warns (without invalidating the row) when the star is lower than the latest earlier rating', () => {
    const context: StarListContext = {
      ...EMPTY,
      earlier: new Map([[code, { listYear: 2024, star: 5 }]]),
    };
    const report = judge([row(2, { creditCode: code, star: 3 })], context);
    expect(report.rows[0]?.errors).toEqual([]);
    expect(report.rows[0]?.warnings).toEqual([
      {
        column: 'star',
        code: 'STAR_DOWNGRADE',
        message: '星级低于该企业以往评定（2024年 五星级），请核实',
      },
    ]);
    expect(report.summary).toEqual({ total: 1, valid: 1, invalid: 0, withWarnings: 1 });
    expect(report.entries).toHaveLength(1);
  });

  it.each([
    [5, 5],
    [4, 5],
  ])(
    'does not warn for an equal or higher star (%i★ before, %i★ now: upgrades claim again)',
    (before, now) => {
      const context: StarListContext = {
        ...EMPTY,
        earlier: new Map([[code, { listYear: 2024, star: before }]]),
      };
      expect(judge([row(2, { creditCode: code, star: now })], context).rows[0]?.warnings).toEqual(
        [],
      );
    },
  );
});

describe('summary and entries', () => {
  it('counts valid and invalid rows and gives entries only when all are valid', () => {
    const good = judge([row(2, {}), row(3, {})]);
    expect(good.summary).toEqual({ total: 2, valid: 2, invalid: 0, withWarnings: 0 });
    expect(good.entries.map((e) => e.rowNo)).toEqual([2, 3]);
    const mixed = judge([row(2, {}), row(3, { star: 2 })]);
    expect(mixed.summary).toEqual({ total: 2, valid: 1, invalid: 1, withWarnings: 0 });
    expect(mixed.entries).toEqual([]);
  });
});

describe('header row', () => {
  const table = (rows: CellValue[][], name = 'Sheet1'): Table => ({
    name,
    rows: rows.map((cells, index) => ({ rowNo: index + 1, cells })),
  });

  it('finds the header under title rows and tolerates full-width brackets and spaces', () => {
    const match = locateHeader([
      table([
        ['2025年江苏省星级上云企业名单'],
        [],
        ['序 号', ' 设区市 ', '县（市、区）', '企业名称', '统一社会信用代码*', '星级'],
        [1, '南通市', '海安市', '甲公司', creditCodeFor(1), 5],
      ]),
    ]);
    expect(match).toMatchObject({ found: true, headerIndex: 2, columns: COLUMNS });
  });

  it('finds columns in any order, in a later sheet', () => {
    const match = locateHeader([
      table([['说明']], '说明'),
      table([['星级', '企业名称', '统一社会信用代码', '县(市、区)', '设区市', '序号']], '名单'),
    ]);
    expect(match).toMatchObject({
      found: true,
      table: { name: '名单' },
      columns: { star: 0, enterpriseName: 1, creditCode: 2, county: 3, city: 4, seqNo: 5 },
    });
  });

  it('names the missing columns of the closest row', () => {
    expect(locateHeader([table([['序号', '设区市', '县(市、区)', '企业名称']])])).toEqual({
      found: false,
      missing: ['统一社会信用代码', '星级'],
    });
  });

  it('leaves out blank rows and the template example row', () => {
    const match = locateHeader([
      table([
        HEADER,
        ['示例', '南通市', '海安市', '示例公司', 'X', 5],
        [],
        ['', null, ' '],
        [1, 'a'],
      ]),
    ]);
    if (!match.found) throw new Error('header not found');
    expect(dataRowsOf(match).map((r) => r.rowNo)).toEqual([5]);
  });
});

/** The pure rules behind certification: list comparison, phone masking, who reads a file. */
import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../src/modules/certification/certification.records.js';
import {
  compareWithList,
  normaliseEnterpriseName,
} from '../../src/modules/certification/list-comparison.js';
import { mayReadFile } from '../../src/modules/files/files.routes.js';

const now = new Date('2026-03-02T02:00:00Z');
const entry = {
  id: 'e1',
  listYear: 2025,
  star: 4,
  enterpriseName: '海安某某科技（集团）有限公司',
  county: '海安市',
  batchTitle: '2025 年第一批',
};

describe('list comparison', () => {
  it.each([
    ['海安某某科技（集团）有限公司', true],
    ['海安某某科技(集团)有限公司', true],
    [' 海安某某科技 （集团） 有限公司 ', true],
    ['海安某某科技有限公司', false],
    ['海安某某科技（集团）股份有限公司', false],
  ])('%s matches the list name: %s', (name, matches) => {
    const result = compareWithList({ enterpriseName: name }, entry, now);
    expect(result).toMatchObject({ onList: true, entryId: 'e1', listYear: 2025, star: 4 });
    expect(result.nameMatches).toBe(matches);
    expect(result.differences).toEqual(
      matches ? [] : [{ field: 'enterpriseName', submitted: name, listed: entry.enterpriseName }],
    );
  });

  it('reports an enterprise not on any list, with nothing to compare', () => {
    expect(compareWithList({ enterpriseName: '某公司' }, null, now)).toEqual({
      onList: false,
      entryId: null,
      listYear: null,
      star: null,
      listName: null,
      county: null,
      batchTitle: null,
      nameMatches: null,
      differences: [],
      comparedAt: now.toISOString(),
    });
  });

  it('normalises full-width forms and spaces only', () => {
    expect(normaliseEnterpriseName('Ａ公司（南通）　分公司')).toBe('A公司(南通)分公司');
  });
});

describe('phone masking', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['+86 138 1234 1234', '138****1234'],
    ['0513-88881234', '051*-****1234'],
    ['051388881234', '051*****1234'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('who may read a stored file', () => {
  const licence = { organisationId: 'ent-1', purpose: 'business_licence' as const };
  const starList = { organisationId: 'drc', purpose: 'star_list' as const };

  it('lets the owning organisation read it', () => {
    expect(mayReadFile({ organisationId: 'ent-1', role: 'enterprise_agent' }, licence)).toBe(true);
    expect(mayReadFile({ organisationId: 'drc', role: 'drc_officer' }, starList)).toBe(true);
  });

  it('lets reviewers read review documents, and nobody else', () => {
    expect(mayReadFile({ organisationId: 'db', role: 'data_bureau_reviewer' }, licence)).toBe(true);
    expect(mayReadFile({ organisationId: 'db', role: 'data_bureau_admin' }, licence)).toBe(true);
    expect(mayReadFile({ organisationId: 'db', role: 'data_bureau_reviewer' }, starList)).toBe(
      false,
    );
    for (const role of [
      'enterprise_agent',
      'operator_staff',
      'drc_officer',
      'system_admin',
    ] as const) {
      expect(mayReadFile({ organisationId: 'other', role }, licence)).toBe(false);
    }
  });
});

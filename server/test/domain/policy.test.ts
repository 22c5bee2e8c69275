import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { HAIAN_2024_POLICY, parsePolicy } from '../../src/domain/policy.js';

/** A mutable copy of the default document, as it would come back from storage. */
function haianDocument(): Record<string, unknown> {
  return structuredClone(HAIAN_2024_POLICY) as Record<string, unknown>;
}

describe('HAIAN_2024_POLICY', () => {
  it('holds every (policy) value of policy-rules.md', () => {
    expect(HAIAN_2024_POLICY).toEqual({
      version: '2024.1',
      title: '“海安云”资源券助企业上云管理办法（试行）',
      documentNumber: '海数据发〔2024〕7号',
      timeZone: 'Asia/Shanghai',
      tierAmounts: { 3: 1_000_000, 4: 2_000_000, 5: 5_000_000 },
      oneVoucherPerEnterprisePerListYear: true,
      tranches: [
        { shareBasisPoints: 7_000, activeFromMonths: 0, validForMonths: 12 },
        { shareBasisPoints: 3_000, activeFromMonths: 12, validForMonths: 12 },
      ],
      voidUnusedAtExpiry: true,
      expiryReminderDays: [30, 7],
      eligibleCategories: ['compute', 'storage', 'network', 'security'],
      coverageCapBasisPoints: 10_000,
      upload: {
        maxBytes: 10_485_760,
        allowedTypes: ['application/pdf', 'image/jpeg', 'image/png'],
      },
      monthlyReportDueDay: 10,
    });
  });

  it('survives a round trip through JSON storage', () => {
    expect(parsePolicy(JSON.parse(JSON.stringify(HAIAN_2024_POLICY)))).toEqual(HAIAN_2024_POLICY);
  });

  it('is frozen all the way down, so no caller can change the default for everyone', () => {
    expect(Object.isFrozen(HAIAN_2024_POLICY)).toBe(true);
    expect(Object.isFrozen(HAIAN_2024_POLICY.tranches)).toBe(true);
    expect(Object.isFrozen(HAIAN_2024_POLICY.tranches[0])).toBe(true);
    expect(Object.isFrozen(HAIAN_2024_POLICY.upload.allowedTypes)).toBe(true);
  });
});

describe('parsePolicy', () => {
  it('accepts another valid version, e.g. three tranches of 50/30/20', () => {
    const document = {
      ...haianDocument(),
      version: '2026.1',
      tranches: [
        { shareBasisPoints: 5_000, activeFromMonths: 0, validForMonths: 12 },
        { shareBasisPoints: 3_000, activeFromMonths: 12, validForMonths: 12 },
        { shareBasisPoints: 2_000, activeFromMonths: 24, validForMonths: 6 },
      ],
      coverageCapBasisPoints: 8_000,
    };
    expect(parsePolicy(document)).toEqual(document);
  });

  const tranche = (shareBasisPoints: number, activeFromMonths: number, validForMonths = 12) => ({
    shareBasisPoints,
    activeFromMonths,
    validForMonths,
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'shares not adding up to 100%',
      { tranches: [tranche(7_000, 0), tranche(2_999, 12)] },
      '10000',
    ],
    [
      'the first tranche starting later',
      { tranches: [tranche(7_000, 1), tranche(3_000, 13)] },
      '第一批须自认领之日起可用',
    ],
    ['overlapping tranches', { tranches: [tranche(7_000, 0), tranche(3_000, 6)] }, '上一批到期后'],
    ['no tranches', { tranches: [] }, 'tranches'],
    ['a zero share', { tranches: [tranche(10_000, 0), tranche(0, 12)] }, 'shareBasisPoints'],
    ['an unknown time zone', { timeZone: 'Asia/Haian' }, 'timeZone'],
    [
      'a fractional tier amount',
      { tierAmounts: { 3: 1_000_000.5, 4: 2_000_000, 5: 5_000_000 } },
      'tierAmounts',
    ],
    ['a missing tier', { tierAmounts: { 4: 2_000_000, 5: 5_000_000 } }, 'tierAmounts'],
    ['rolling unused balances over', { voidUnusedAtExpiry: false }, 'voidUnusedAtExpiry'],
    ['a coverage cap above 100%', { coverageCapBasisPoints: 10_001 }, 'coverageCapBasisPoints'],
    ['repeated categories', { eligibleCategories: ['compute', 'compute'] }, 'eligibleCategories'],
    ['no categories', { eligibleCategories: [] }, 'eligibleCategories'],
    ['a report due day missing in February', { monthlyReportDueDay: 29 }, 'monthlyReportDueDay'],
    ['a negative reminder', { expiryReminderDays: [30, -7] }, 'expiryReminderDays'],
    ['a malformed media type', { upload: { maxBytes: 1, allowedTypes: ['pdf'] } }, 'allowedTypes'],
    ['a misspelt field', { coverageCap: 10_000 }, 'coverageCap'],
    ['an empty version', { version: '' }, 'version'],
  ])('refuses %s', (_, change, mentioned) => {
    const attempt = () => parsePolicy({ ...haianDocument(), ...change });
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_POLICY' }));
    expect(attempt).toThrow(mentioned);
  });

  it.each([null, 'policy', 42, []])('refuses %j', (document) => {
    expect(() => parsePolicy(document)).toThrow(
      expect.objectContaining({ code: 'INVALID_POLICY' }),
    );
  });
});

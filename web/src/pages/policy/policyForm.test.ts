import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../api/types';
import type { Translate } from '../../i18n/context';
import { loadLang, translate } from '../../i18n/messages';
import {
  bytesToMegabytesInput,
  documentToForm,
  formFieldOf,
  formToDocument,
  parseMegabytesToBytes,
  policyChanges,
  policyFieldErrors,
} from './policyForm';

const zh: Translate = (key, vars) => translate('zh-CN', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);
beforeAll(() => loadLang('en'));

/** The Haian 2024 policy as the server stores it (domain/policy.ts). */
const HAIAN: PolicyDocument = {
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
    maxBytes: 10 * 1024 * 1024,
    allowedTypes: ['application/pdf', 'image/jpeg', 'image/png'],
  },
  monthlyReportDueDay: 10,
};

describe('the policy document as a form and back', () => {
  it('shows fen as 元, basis points as %, bytes as MB', () => {
    const values = documentToForm(HAIAN);
    expect(values).toMatchObject({
      tier5: '50000.00',
      tier4: '20000.00',
      tier3: '10000.00',
      coverageCap: '100',
      uploadMaxMegabytes: '10',
      paymentDueDays: 30,
    });
    expect(values.tranches[0]).toEqual({ share: '70', activeFromMonths: 0, validForMonths: 12 });
  });

  it('an untouched form gives back the same document (with the payment days and flag thresholds made explicit)', () => {
    const explicit = {
      ...HAIAN,
      paymentDueDays: 30,
      anomalyThresholds: {
        lateSpend: { lastDays: 7, shareBasisPoints: 5_000 },
        roundAmounts: { unitFen: 100_000, minBills: 3 },
        nearBalance: { marginBasisPoints: 500, minBills: 2 },
      },
    };
    expect(formToDocument(documentToForm(HAIAN), HAIAN)).toEqual(explicit);
    // A document that states them keeps them, to the fen and the basis point.
    const stated = {
      ...explicit,
      anomalyThresholds: {
        lateSpend: { lastDays: 3, shareBasisPoints: 3_333 },
        roundAmounts: { unitFen: 50_050, minBills: 4 },
        nearBalance: { marginBasisPoints: 1, minBills: 9 },
      },
    };
    expect(formToDocument(documentToForm(stated), stated)).toEqual(stated);
  });

  it('converts what the Data Bureau types exactly: 0.07 元, 33.33 %', () => {
    const values = {
      ...documentToForm(HAIAN),
      tier4: '30,000.07',
      tranches: [
        { share: '33.33', activeFromMonths: 0, validForMonths: 12 },
        { share: '66.67', activeFromMonths: 12, validForMonths: 12 },
      ],
      coverageCap: '80.5',
    };
    const document = formToDocument(values, HAIAN);
    expect(document.tierAmounts).toEqual({ 3: 1_000_000, 4: 3_000_007, 5: 5_000_000 });
    expect(
      (document.tranches as Array<{ shareBasisPoints: number }>).map((r) => r.shareBasisPoints),
    ).toEqual([3_333, 6_667]);
    expect(document.coverageCapBasisPoints).toBe(8_050);
  });

  it('keeps an upload size to the byte unless its MB figure is changed', () => {
    const odd = { ...HAIAN, upload: { ...HAIAN.upload, maxBytes: 1_000_000 } };
    const values = documentToForm(odd);
    expect(values.uploadMaxMegabytes).toBe('0.95');
    expect((formToDocument(values, odd).upload as { maxBytes: number }).maxBytes).toBe(1_000_000);
    expect(parseMegabytesToBytes('0.5')).toBe(524_288);
    expect(parseMegabytesToBytes('20')).toBe(20 * 1024 * 1024);
    expect(parseMegabytesToBytes('0')).toBeNull();
    expect(parseMegabytesToBytes('1.234')).toBeNull();
    expect(bytesToMegabytesInput(524_288)).toBe('0.5');
  });

  it('leaves an input empty where the JSON view holds something it cannot show', () => {
    const values = documentToForm({ ...HAIAN, tierAmounts: { 3: 'x' }, tranches: 'no' });
    expect(values.tier3).toBe('');
    expect(values.tier4).toBe('');
    expect(values.tranches).toEqual([]);
  });
});

describe('the server’s field errors under the form’s inputs, in its units', () => {
  it('maps each document path to its input', () => {
    expect(formFieldOf('document.tierAmounts.4')).toEqual(['tier4']);
    expect(formFieldOf('document.tranches.1.shareBasisPoints')).toEqual(['tranches', 1, 'share']);
    expect(formFieldOf('document.tranches.1.activeFromMonths')).toEqual([
      'tranches',
      1,
      'activeFromMonths',
    ]);
    expect(formFieldOf('document.upload.maxBytes')).toEqual(['uploadMaxMegabytes']);
    expect(formFieldOf('document.coverageCapBasisPoints')).toEqual(['coverageCap']);
    expect(formFieldOf('document.colour')).toBeNull();
  });

  it('words a basis-point bound in %, and keeps the list-wide rule for the alert', () => {
    const { fields, unplaced } = policyFieldErrors(zh, [
      {
        field: 'document.coverageCapBasisPoints',
        message: '不能大于 10000',
        rule: 'too_big',
        limits: { maximum: 10_000, origin: 'number', inclusive: true },
      },
      {
        field: 'document.tranches.1.activeFromMonths',
        message: '每一批须在上一批到期后才开始生效',
        rule: 'custom',
      },
      {
        field: 'document.tranches',
        message: '各批次比例之和须为 100%（10000 个基点），现为 90%',
        rule: 'custom',
      },
      {
        field: 'document.version',
        message: '版本号 2024.1 已发布过，请另取一个版本号',
        rule: 'custom',
        limits: { reason: 'policy-version-taken' },
      },
    ]);
    expect(fields).toEqual([
      { name: ['coverageCap'], errors: ['须为 0.01%–100% 之间的百分比，最多两位小数'] },
      { name: ['tranches', 1, 'activeFromMonths'], errors: ['每一批须在上一批到期后才开始生效'] },
      { name: ['version'], errors: ['版本号 2024.1 已发布过，请另取一个版本号'] },
    ]);
    expect(unplaced.map((item) => item.field)).toEqual(['document.tranches']);
  });
});

describe('what a draft changes against the version in force', () => {
  const draft: PolicyDocument = {
    ...HAIAN,
    version: '2026.1',
    tierAmounts: { 3: 1_000_000, 4: 3_000_000, 5: 5_000_000 },
    tranches: [
      { shareBasisPoints: 6_000, activeFromMonths: 0, validForMonths: 12 },
      { shareBasisPoints: 4_000, activeFromMonths: 12, validForMonths: 12 },
    ],
    monthlyReportDueDay: 15,
  };

  it('lists each change in 元, % and days, with whom it reaches', () => {
    const lines = policyChanges(zh, 'zh-CN', HAIAN, draft).map(
      (change) => `${change.label} ${change.before} → ${change.after} [${change.scope}]`,
    );
    expect(lines).toEqual([
      '版本号 2024.1 → 2026.1 [fromPublication]',
      '四星级额度 ¥20,000.00 → ¥30,000.00 [newGrants]',
      '第一期占比 70% → 60% [newGrants]',
      '第二期占比 30% → 40% [newGrants]',
      '月度报告报送日 次月10日前报送 → 次月15日前报送 [fromPublication]',
    ]);
  });

  it('speaks English in the English UI', () => {
    const lines = policyChanges(en, 'en', HAIAN, draft).map(
      (c) => `${c.label} ${c.before} → ${c.after}`,
    );
    expect(lines).toContain('4-star amount ¥20,000.00 → ¥30,000.00');
    expect(lines).toContain('Tranche 1 share 70% → 60%');
  });

  it('an added tranche shows as new against “—”', () => {
    const three: PolicyDocument = {
      ...HAIAN,
      tranches: [
        ...HAIAN.tranches,
        { shareBasisPoints: 0, activeFromMonths: 24, validForMonths: 6 },
      ],
    };
    const labels = policyChanges(zh, 'zh-CN', HAIAN, three).map(
      (c) => `${c.label} ${c.before} → ${c.after}`,
    );
    expect(labels).toContain('第三期生效时间 — → 认领后 24 个月');
    expect(labels).toContain('第三期有效期 — → 6 个月');
  });
});

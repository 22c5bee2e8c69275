/**
 * The policy form's model (issue 10 §2): the stored document (fen, basis points, bytes) as the
 * Data Bureau thinks of it (元, %, months, MB) and back, exactly; the server's field errors put
 * under the form's inputs in those units; and what a draft changes against the version in force,
 * field by field, in words. Pure functions: the page only renders them.
 */
import type { FieldError } from '../../api/client';
import { describeFieldIssue } from '../../api/errors';
import type { PolicyDocument } from '../../api/types';
import type { Lang, Translate } from '../../i18n/context';
import { categoryLabel } from '../../lib/labels';
import {
  basisPointsToPercentInput,
  fenToYuanInput,
  formatBasisPoints,
  formatYuan,
  parsePercentToBasisPoints,
  parseYuanToFen,
} from '../../lib/money';
import { starNumeral } from '../../lib/stars';
import type { MessageKey } from '../../locales/zh-CN';

export const STARS = [5, 4, 3] as const;
type Star = (typeof STARS)[number];

/** The media types the platform can recognise by content (server files.service.ts). */
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** Days Finance has to pay when a stored document predates the field (domain/policy.ts). */
const DEFAULT_PAYMENT_DUE_DAYS = 30;

const MEGABYTE = 1024 * 1024;

/**
 * The anomaly thresholds a stored document older than the field is read with (server
 * domain/policy.ts ANOMALY_DEFAULTS): the form then shows, and a new version stores, these.
 */
const ANOMALY_DEFAULTS = {
  lateSpend: { lastDays: 7, shareBasisPoints: 5_000 },
  roundAmounts: { unitFen: 100_000, minBills: 3 },
  nearBalance: { marginBasisPoints: 500, minBills: 2 },
} as const;

export interface TrancheValues {
  /** Share of the voucher, in % with up to two decimals. */
  share: string;
  activeFromMonths: number | null;
  validForMonths: number | null;
}

export interface PolicyFormValues {
  version: string;
  title: string;
  documentNumber: string;
  timeZone: string;
  /** Amount per star, in 元 as typed. */
  tier5: string;
  tier4: string;
  tier3: string;
  oneVoucherPerEnterprisePerListYear: boolean;
  tranches: TrancheValues[];
  expiryReminderDays: Array<number | null>;
  eligibleCategories: string[];
  /** In % with up to two decimals. */
  coverageCap: string;
  /** In MB with up to two decimals. */
  uploadMaxMegabytes: string;
  uploadAllowedTypes: string[];
  monthlyReportDueDay: number | null;
  paymentDueDays: number | null;
  /** 兑现材料预警: a tranche's last days, and the share of it spent in them (%). */
  lateSpendDays: number | null;
  lateSpendShare: string;
  /** A round amount (元) and how many such bills on one day. */
  roundAmountUnit: string;
  roundAmountBills: number | null;
  /** What a bill may leave of the balance (%), and how many such bills. */
  nearBalanceMargin: string;
  nearBalanceBills: number | null;
}

const tierField = (star: Star) => `tier${star}` as const;

/** 10485760 → “10”, 524288 → “0.5”; a size not a whole hundredth of a MB keeps two decimals. */
export function bytesToMegabytesInput(bytes: number): string {
  const hundredths = Math.round((bytes * 100) / MEGABYTE);
  const whole = Math.trunc(hundredths / 100);
  const rest = hundredths - whole * 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * “10” → 10485760 bytes; up to two decimals, rounded to the nearest byte (a tenth of a MB is
 * not a whole number of bytes). Integer arithmetic. Null for anything else or zero.
 */
export function parseMegabytesToBytes(text: string): number | null {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  const bytes = Math.floor((hundredths * MEGABYTE + 50) / 100);
  return bytes > 0 ? bytes : null;
}

const int = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * The stored document as the form shows it. Tolerant: the advanced JSON view may hold a
 * document with a member missing or of the wrong type; that input is then left empty, and the
 * form's rules say what it needs.
 */
export function documentToForm(document: unknown): PolicyFormValues {
  const d = (typeof document === 'object' && document !== null ? document : {}) as Record<
    string,
    unknown
  >;
  const tiers = (d.tierAmounts ?? {}) as Record<string, unknown>;
  const upload = (d.upload ?? {}) as Record<string, unknown>;
  const yuan = (value: unknown) => {
    const fen = int(value);
    return fen === null ? '' : fenToYuanInput(fen);
  };
  const percent = (value: unknown) => {
    const basisPoints = int(value);
    return basisPoints === null ? '' : basisPointsToPercentInput(basisPoints);
  };
  const maxBytes = int(upload.maxBytes);
  const anomalies = (d.anomalyThresholds ?? ANOMALY_DEFAULTS) as Record<
    string,
    Record<string, unknown> | undefined
  >;
  return {
    version: text(d.version),
    title: text(d.title),
    documentNumber: text(d.documentNumber),
    timeZone: text(d.timeZone),
    tier5: yuan(tiers[5]),
    tier4: yuan(tiers[4]),
    tier3: yuan(tiers[3]),
    oneVoucherPerEnterprisePerListYear: d.oneVoucherPerEnterprisePerListYear === true,
    tranches: (Array.isArray(d.tranches) ? d.tranches : []).map(
      (rule: Record<string, unknown>) => ({
        share: percent(rule?.shareBasisPoints),
        activeFromMonths: int(rule?.activeFromMonths),
        validForMonths: int(rule?.validForMonths),
      }),
    ),
    expiryReminderDays: (Array.isArray(d.expiryReminderDays) ? d.expiryReminderDays : []).map(int),
    eligibleCategories: strings(d.eligibleCategories),
    coverageCap: percent(d.coverageCapBasisPoints),
    uploadMaxMegabytes: maxBytes === null ? '' : bytesToMegabytesInput(maxBytes),
    uploadAllowedTypes: strings(upload.allowedTypes),
    monthlyReportDueDay: int(d.monthlyReportDueDay),
    paymentDueDays:
      d.paymentDueDays === undefined ? DEFAULT_PAYMENT_DUE_DAYS : int(d.paymentDueDays),
    lateSpendDays: int(anomalies.lateSpend?.lastDays),
    lateSpendShare: percent(anomalies.lateSpend?.shareBasisPoints),
    roundAmountUnit: yuan(anomalies.roundAmounts?.unitFen),
    roundAmountBills: int(anomalies.roundAmounts?.minBills),
    nearBalanceMargin: percent(anomalies.nearBalance?.marginBasisPoints),
    nearBalanceBills: int(anomalies.nearBalance?.minBills),
  };
}

/**
 * The document the form describes, in the stored units. `base` is the document the draft
 * started from: its upload size is kept to the byte while the MB figure shown is untouched.
 * A value that does not convert is passed as typed, for the server to name (the form's own
 * rules normally catch it first).
 */
export function formToDocument(
  values: PolicyFormValues,
  base: PolicyDocument,
): Record<string, unknown> {
  const yuan = (text: string) => parseYuanToFen(text ?? '') ?? text;
  const percent = (text: string) => parsePercentToBasisPoints(text ?? '') ?? text;
  const megabytes = values.uploadMaxMegabytes ?? '';
  const maxBytes =
    megabytes.trim() === bytesToMegabytesInput(base.upload.maxBytes)
      ? base.upload.maxBytes
      : (parseMegabytesToBytes(megabytes) ?? megabytes);
  return {
    version: (values.version ?? '').trim(),
    title: (values.title ?? '').trim(),
    documentNumber: (values.documentNumber ?? '').trim(),
    timeZone: (values.timeZone ?? '').trim(),
    tierAmounts: { 3: yuan(values.tier3), 4: yuan(values.tier4), 5: yuan(values.tier5) },
    oneVoucherPerEnterprisePerListYear: values.oneVoucherPerEnterprisePerListYear,
    tranches: (values.tranches ?? []).map((rule) => ({
      shareBasisPoints: percent(rule?.share),
      activeFromMonths: rule?.activeFromMonths ?? null,
      validForMonths: rule?.validForMonths ?? null,
    })),
    // The platform only voids (policy-rules.md); the form shows the rule, it is not a choice.
    voidUnusedAtExpiry: true,
    expiryReminderDays: values.expiryReminderDays ?? [],
    eligibleCategories: values.eligibleCategories ?? [],
    coverageCapBasisPoints: percent(values.coverageCap),
    upload: { maxBytes, allowedTypes: values.uploadAllowedTypes ?? [] },
    monthlyReportDueDay: values.monthlyReportDueDay,
    paymentDueDays: values.paymentDueDays,
    anomalyThresholds: {
      lateSpend: {
        lastDays: values.lateSpendDays ?? null,
        shareBasisPoints: percent(values.lateSpendShare),
      },
      roundAmounts: {
        unitFen: yuan(values.roundAmountUnit),
        minBills: values.roundAmountBills ?? null,
      },
      nearBalance: {
        marginBasisPoints: percent(values.nearBalanceMargin),
        minBills: values.nearBalanceBills ?? null,
      },
    },
  };
}

/** The form input a server field path (`document.tranches.1.shareBasisPoints`) belongs to. */
export function formFieldOf(field: string): Array<string | number> | null {
  const path = field.replace(/^(body\.)?document\.?/, '').split('.');
  const [head, second, third] = path;
  const index = (value: string | undefined) =>
    value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
  switch (head) {
    case 'version':
    case 'title':
    case 'documentNumber':
    case 'timeZone':
    case 'oneVoucherPerEnterprisePerListYear':
    case 'monthlyReportDueDay':
    case 'paymentDueDays':
      return [head];
    case 'eligibleCategories':
      return ['eligibleCategories'];
    case 'coverageCapBasisPoints':
      return ['coverageCap'];
    case 'tierAmounts':
      return second === '3' || second === '4' || second === '5' ? [`tier${second}`] : ['tier5'];
    case 'upload':
      return second === 'allowedTypes' ? ['uploadAllowedTypes'] : ['uploadMaxMegabytes'];
    case 'expiryReminderDays': {
      const at = index(second);
      return at === null ? ['expiryReminderDays'] : ['expiryReminderDays', at];
    }
    case 'anomalyThresholds': {
      const fields: Record<string, string> = {
        'lateSpend.lastDays': 'lateSpendDays',
        'lateSpend.shareBasisPoints': 'lateSpendShare',
        'roundAmounts.unitFen': 'roundAmountUnit',
        'roundAmounts.minBills': 'roundAmountBills',
        'nearBalance.marginBasisPoints': 'nearBalanceMargin',
        'nearBalance.minBills': 'nearBalanceBills',
      };
      return [fields[`${second}.${third}`] ?? 'lateSpendDays'];
    }
    case 'tranches': {
      const at = index(second);
      if (at === null) return ['tranches'];
      const member =
        third === 'shareBasisPoints'
          ? 'share'
          : third === 'activeFromMonths' || third === 'validForMonths'
            ? third
            : 'share';
      return ['tranches', at, member];
    }
    default:
      return null;
  }
}

/** The form's label of an input, for messages that name it away from it. */
export function formFieldLabel(t: Translate, lang: Lang, name: Array<string | number>): string {
  const [head, at, member] = name;
  if (head === 'tier3' || head === 'tier4' || head === 'tier5') {
    return t('policyForm.tier', {
      star: t('voucher.starValue', { star: starNumeral(Number(head.slice(4)), lang) }),
    });
  }
  if (head === 'tranches' && typeof at === 'number') {
    const seq = lang === 'en' ? at + 1 : starNumeral(at + 1, lang);
    const key: MessageKey =
      member === 'activeFromMonths'
        ? 'policyForm.trancheActiveFrom'
        : member === 'validForMonths'
          ? 'policyForm.trancheValidFor'
          : 'policyForm.trancheShare';
    return t(key, { seq });
  }
  if (head === 'expiryReminderDays') return t('policyForm.reminderDays');
  const labels: Record<string, MessageKey> = {
    version: 'policyForm.version',
    title: 'policyForm.title',
    documentNumber: 'policyForm.documentNumber',
    timeZone: 'policyForm.timeZone',
    oneVoucherPerEnterprisePerListYear: 'policyForm.onePerYear',
    tranches: 'policyForm.tranches',
    eligibleCategories: 'policyForm.categories',
    coverageCap: 'policyForm.coverageCap',
    uploadMaxMegabytes: 'policyForm.uploadMaxMegabytes',
    uploadAllowedTypes: 'policyForm.uploadTypes',
    monthlyReportDueDay: 'policyForm.monthlyReportDueDay',
    paymentDueDays: 'policyForm.paymentDueDays',
    lateSpendDays: 'policyForm.lateSpendDays',
    lateSpendShare: 'policyForm.lateSpendShare',
    roundAmountUnit: 'policyForm.roundAmountUnit',
    roundAmountBills: 'policyForm.roundAmountBills',
    nearBalanceMargin: 'policyForm.nearBalanceMargin',
    nearBalanceBills: 'policyForm.nearBalanceBills',
  };
  const key = labels[String(head)];
  return key ? t(key) : String(head);
}

/**
 * What the server said of a field, in the form's units: a share's or the cap's bounds are in
 * basis points on the server (不能大于 10000) and in % here (须在 0.01%–100% 之间); an amount's in
 * fen. Everything else is worded from the server's rule and limits as on every other form.
 */
export function describePolicyIssue(
  t: Translate,
  name: Array<string | number>,
  item: FieldError,
): string {
  const head = String(name[0]);
  const member = name[2];
  const bounded =
    item.rule === 'too_big' || item.rule === 'too_small' || item.rule === 'invalid_type';
  const percentField =
    head === 'coverageCap' ||
    head === 'lateSpendShare' ||
    head === 'nearBalanceMargin' ||
    (head === 'tranches' && member === 'share');
  if (bounded && percentField) {
    return t('policyForm.percentRange');
  }
  if (bounded && (head.startsWith('tier') || head === 'roundAmountUnit')) {
    return t('validation.amount.zero');
  }
  if (bounded && head === 'uploadMaxMegabytes') return t('policyForm.megabytesInvalid');
  if (item.limits?.reason === 'policy-version-taken') return item.message;
  return describeFieldIssue(t, item);
}

/** The server's field errors as antd `setFields` entries, each under its own input. */
export function policyFieldErrors(
  t: Translate,
  errors: FieldError[],
): { fields: Array<{ name: Array<string | number>; errors: string[] }>; unplaced: FieldError[] } {
  const byName = new Map<string, { name: Array<string | number>; errors: string[] }>();
  const unplaced: FieldError[] = [];
  for (const item of errors) {
    const name = formFieldOf(item.field);
    // The whole list's rules (shares add up to 100%) belong to no single input.
    if (!name || (name.length === 1 && name[0] === 'tranches')) {
      unplaced.push(item);
      continue;
    }
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    const message = describePolicyIssue(t, name, item);
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byName.set(key, entry);
  }
  return { fields: [...byName.values()], unplaced };
}

/** Whom a change reaches (policy-rules.md: a voucher keeps the version it was granted under). */
export type ChangeScope = 'newGrants' | 'fromPublication';

export interface PolicyChange {
  key: string;
  label: string;
  before: string;
  after: string;
  scope: ChangeScope;
}

/**
 * What `after` changes against `before`, field by field, in the user's units
 * (“四星级额度 ¥20,000.00 → ¥30,000.00”, “第一期占比 70% → 60%”). The voucher's own terms
 * (amounts, tranches, reminders, categories, cap, the one-voucher rule) reach only vouchers
 * granted after publication; the programme's (time zone, uploads, report and payment days,
 * the document's name) apply from publication.
 */
export function policyChanges(
  t: Translate,
  lang: Lang,
  before: PolicyDocument,
  after: PolicyDocument,
): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const join = (parts: string[]) =>
    parts.length === 0 ? '—' : parts.join(lang === 'en' ? ', ' : '、');
  const add = (key: string, label: string, from: string, to: string, scope: ChangeScope) => {
    if (from !== to) changes.push({ key, label, before: from, after: to, scope });
  };
  const yesNo = (value: boolean) => t(value ? 'policy.onePerYearYes' : 'policy.onePerYearNo');
  const months = (n: number | undefined) =>
    n === undefined ? '—' : t('policyForm.monthsValue', { months: n });
  const fromClaim = (n: number | undefined) =>
    n === undefined
      ? '—'
      : n === 0
        ? t('policyForm.fromClaimDay')
        : t('policyForm.afterClaimMonths', { months: n });
  const days = (list: number[]) =>
    join([...list].sort((a, b) => b - a).map((n) => t('policy.days', { days: n })));
  const categories = (list: string[]) => join(list.map((c) => categoryLabel(t, c)));
  const types = (list: string[]) =>
    join(list.map((type) => (type.split('/')[1] ?? type).toUpperCase()));

  add('version', t('policyForm.version'), before.version, after.version, 'fromPublication');
  add('title', t('policyForm.title'), before.title, after.title, 'fromPublication');
  add(
    'documentNumber',
    t('policyForm.documentNumber'),
    before.documentNumber,
    after.documentNumber,
    'fromPublication',
  );
  for (const star of STARS) {
    add(
      tierField(star),
      formFieldLabel(t, lang, [tierField(star)]),
      formatYuan(before.tierAmounts[star]),
      formatYuan(after.tierAmounts[star]),
      'newGrants',
    );
  }
  add(
    'onePerYear',
    t('policyForm.onePerYear'),
    yesNo(before.oneVoucherPerEnterprisePerListYear),
    yesNo(after.oneVoucherPerEnterprisePerListYear),
    'newGrants',
  );
  const tranches = Math.max(before.tranches.length, after.tranches.length);
  for (let index = 0; index < tranches; index += 1) {
    const from = before.tranches[index];
    const to = after.tranches[index];
    const share = (rule: typeof from) => (rule ? formatBasisPoints(rule.shareBasisPoints) : '—');
    add(
      `tranche${index}.share`,
      formFieldLabel(t, lang, ['tranches', index, 'share']),
      share(from),
      share(to),
      'newGrants',
    );
    add(
      `tranche${index}.activeFrom`,
      formFieldLabel(t, lang, ['tranches', index, 'activeFromMonths']),
      fromClaim(from?.activeFromMonths),
      fromClaim(to?.activeFromMonths),
      'newGrants',
    );
    add(
      `tranche${index}.validFor`,
      formFieldLabel(t, lang, ['tranches', index, 'validForMonths']),
      months(from?.validForMonths),
      months(to?.validForMonths),
      'newGrants',
    );
  }
  add(
    'reminders',
    t('policyForm.reminderDays'),
    days(before.expiryReminderDays),
    days(after.expiryReminderDays),
    'newGrants',
  );
  add(
    'categories',
    t('policyForm.categories'),
    categories(before.eligibleCategories),
    categories(after.eligibleCategories),
    'newGrants',
  );
  add(
    'coverageCap',
    t('policyForm.coverageCap'),
    formatBasisPoints(before.coverageCapBasisPoints),
    formatBasisPoints(after.coverageCapBasisPoints),
    'newGrants',
  );
  add(
    'uploadMax',
    t('policyForm.uploadMaxMegabytes'),
    `${bytesToMegabytesInput(before.upload.maxBytes)} MB`,
    `${bytesToMegabytesInput(after.upload.maxBytes)} MB`,
    'fromPublication',
  );
  add(
    'uploadTypes',
    t('policyForm.uploadTypes'),
    types(before.upload.allowedTypes),
    types(after.upload.allowedTypes),
    'fromPublication',
  );
  add(
    'monthlyReportDueDay',
    t('policyForm.monthlyReportDueDay'),
    t('policy.monthlyReportValue', { day: before.monthlyReportDueDay }),
    t('policy.monthlyReportValue', { day: after.monthlyReportDueDay }),
    'fromPublication',
  );
  add(
    'paymentDueDays',
    t('policyForm.paymentDueDays'),
    t('policyForm.daysValue', { days: before.paymentDueDays ?? DEFAULT_PAYMENT_DUE_DAYS }),
    t('policyForm.daysValue', { days: after.paymentDueDays ?? DEFAULT_PAYMENT_DUE_DAYS }),
    'fromPublication',
  );
  add('timeZone', t('policyForm.timeZone'), before.timeZone, after.timeZone, 'fromPublication');
  const a = before.anomalyThresholds ?? ANOMALY_DEFAULTS;
  const b = after.anomalyThresholds ?? ANOMALY_DEFAULTS;
  const lateSpend = (x: typeof a) =>
    t('policyForm.lateSpendValue', {
      days: x.lateSpend.lastDays,
      share: formatBasisPoints(x.lateSpend.shareBasisPoints),
    });
  const roundAmounts = (x: typeof a) =>
    t('policyForm.roundAmountValue', {
      amount: formatYuan(x.roundAmounts.unitFen),
      bills: x.roundAmounts.minBills,
    });
  const nearBalance = (x: typeof a) =>
    t('policyForm.nearBalanceValue', {
      margin: formatBasisPoints(x.nearBalance.marginBasisPoints),
      bills: x.nearBalance.minBills,
    });
  // The flags are read when a package is generated: from publication, for every package.
  add('lateSpend', t('policyForm.lateSpend'), lateSpend(a), lateSpend(b), 'fromPublication');
  add(
    'roundAmounts',
    t('policyForm.roundAmounts'),
    roundAmounts(a),
    roundAmounts(b),
    'fromPublication',
  );
  add(
    'nearBalance',
    t('policyForm.nearBalance'),
    nearBalance(a),
    nearBalance(b),
    'fromPublication',
  );
  return changes;
}

/**
 * The programme policy: every number and choice policy-rules.md marks (policy), as a
 * versioned document stored with the programme. A voucher keeps the version it was granted
 * under, so code reads these values from the voucher's policy, never from constants.
 */
import { z } from 'zod';
import { DomainError } from './errors.js';

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function isUnique(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

export const BASIS_POINTS_IN_WHOLE = 10_000;
const positiveFen = z.int().positive();

const trancheRuleSchema = z.strictObject({
  /** Share of the voucher amount; the last tranche takes the rounding remainder. */
  shareBasisPoints: z.int().min(1).max(BASIS_POINTS_IN_WHOLE),
  /** Months after the claim date D when the tranche becomes usable (0: from D itself). */
  activeFromMonths: z.int().nonnegative(),
  validForMonths: z.int().positive(),
});

const tranchesSchema = z
  .array(trancheRuleSchema)
  .min(1)
  .superRefine((tranches, ctx) => {
    const totalBasisPoints = tranches.reduce((sum, rule) => sum + rule.shareBasisPoints, 0);
    if (totalBasisPoints !== BASIS_POINTS_IN_WHOLE) {
      ctx.addIssue({
        code: 'custom',
        message: `各批次比例之和须为 100%（10000 个基点），现为 ${totalBasisPoints / 100}%`,
      });
    }
    if (tranches[0]?.activeFromMonths !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: [0, 'activeFromMonths'],
        message: '第一批须自认领之日起可用（0 个月）',
      });
    }
    // In order and without overlap, so sequence order is also expiry order.
    tranches.forEach((rule, index) => {
      const previous = tranches[index - 1];
      if (previous && rule.activeFromMonths < previous.activeFromMonths + previous.validForMonths) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'activeFromMonths'],
          message: '每一批须在上一批到期后才开始生效',
        });
      }
    });
  });

export const policySchema = z.strictObject({
  version: z.string().min(1),
  /** The measures the policy implements, e.g. the title of the government document. */
  title: z.string().min(1),
  documentNumber: z.string().min(1),
  timeZone: z.string().refine(isKnownTimeZone, '不是有效的时区（IANA 名称，如 Asia/Shanghai）'),
  /** Voucher amount by star level. */
  tierAmounts: z.strictObject({ 3: positiveFen, 4: positiveFen, 5: positiveFen }),
  oneVoucherPerEnterprisePerListYear: z.boolean(),
  tranches: tranchesSchema,
  // The platform implements only voiding: unused balance never rolls into the next tranche
  // nor returns to the budget. The field makes that rule explicit in the stored document.
  voidUnusedAtExpiry: z.literal(true),
  /** Days before a tranche with a balance expires on which the enterprise is reminded. */
  expiryReminderDays: z.array(z.int().positive()).refine(isUnique, '提醒天数有重复'),
  /** Service categories a bill may be paid by voucher for; any other is refused. */
  eligibleCategories: z
    .array(z.string().regex(/^[a-z][a-z0-9_-]*$/))
    .min(1)
    .refine(isUnique, '类别有重复'),
  /** Largest share of a bill the voucher may pay, in basis points (10000 = 100%). */
  coverageCapBasisPoints: z.int().min(1).max(BASIS_POINTS_IN_WHOLE),
  upload: z.strictObject({
    maxBytes: z.int().positive(),
    /** Media types as sniffed from the content, never as declared by the client. */
    allowedTypes: z
      .array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/))
      .min(1)
      .refine(isUnique, '类型有重复'),
  }),
  /** A month's operation report is due by this day of the next month; ≤ 28 exists every month. */
  monthlyReportDueDay: z.int().min(1).max(28),
  /**
   * 第十八条 “按时拨付”: Finance pays within this many calendar days of the DRC sending the
   * year's aggregate. Optional in stored documents older than the field (then 30).
   */
  paymentDueDays: z.int().min(1).max(365).optional(),
  /**
   * Thresholds of the redemption package's anomaly flags (warnings to the reviewers, beyond the
   * measures). Optional in stored documents older than the field (then ANOMALY_DEFAULTS).
   */
  anomalyThresholds: z
    .strictObject({
      /** A tranche whose deductions in its last `lastDays` reach `shareBasisPoints` of it. */
      lateSpend: z.strictObject({
        lastDays: z.int().min(1).max(90),
        shareBasisPoints: z.int().min(1).max(BASIS_POINTS_IN_WHOLE),
      }),
      /** `minBills` bills of one round amount (a multiple of `unitFen`) on one local day. */
      roundAmounts: z.strictObject({
        unitFen: z.int().min(100),
        minBills: z.int().min(2).max(1000),
      }),
      /**
       * `minBills` bills each covered in full that left at most `marginBasisPoints` of the
       * balance they drew on: bills sized to just under what was available.
       */
      nearBalance: z.strictObject({
        marginBasisPoints: z.int().min(1).max(5_000),
        minBills: z.int().min(2).max(1000),
      }),
    })
    .optional(),
});

export type AnomalyThresholds = NonNullable<z.infer<typeof policySchema>['anomalyThresholds']>;

/** What the flags use when the policy document predates `anomalyThresholds`. */
export const ANOMALY_DEFAULTS: AnomalyThresholds = Object.freeze({
  lateSpend: Object.freeze({ lastDays: 7, shareBasisPoints: 5_000 }),
  roundAmounts: Object.freeze({ unitFen: 100_000, minBills: 3 }),
  nearBalance: Object.freeze({ marginBasisPoints: 500, minBills: 2 }),
});

export function anomalyThresholdsOf(policy: Policy): AnomalyThresholds {
  return policy.anomalyThresholds ?? ANOMALY_DEFAULTS;
}

/** Days Finance has to pay once the DRC has sent the year's aggregate. */
export function paymentDueDaysOf(policy: Policy): number {
  return policy.paymentDueDays ?? 30;
}

export type Policy = z.infer<typeof policySchema>;

/** Validates a stored or submitted policy document (already JSON-decoded). */
export function parsePolicy(document: unknown): Policy {
  const result = policySchema.safeParse(document);
  if (!result.success) {
    throw new DomainError('INVALID_POLICY', z.prettifyError(result.error), { cause: result.error });
  }
  return result.data;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/** The default document: the Haian 2024 measures as policy-rules.md reads them. Frozen. */
export const HAIAN_2024_POLICY: Policy = deepFreeze(
  parsePolicy({
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
  }),
);

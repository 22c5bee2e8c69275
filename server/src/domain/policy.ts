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

const BASIS_POINTS_IN_WHOLE = 10_000;
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
        message: `tranche shares must add up to 10000 basis points, not ${totalBasisPoints}`,
      });
    }
    if (tranches[0]?.activeFromMonths !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: [0, 'activeFromMonths'],
        message: 'the first tranche must be usable from the claim date (0 months)',
      });
    }
    // In order and without overlap, so sequence order is also expiry order.
    tranches.forEach((rule, index) => {
      const previous = tranches[index - 1];
      if (previous && rule.activeFromMonths < previous.activeFromMonths + previous.validForMonths) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'activeFromMonths'],
          message: 'a tranche must start no earlier than the previous one expires',
        });
      }
    });
  });

export const policySchema = z.strictObject({
  version: z.string().min(1),
  /** The measures the policy implements, e.g. the title of the government document. */
  title: z.string().min(1),
  documentNumber: z.string().min(1),
  timeZone: z.string().refine(isKnownTimeZone, 'not an IANA time zone known to this runtime'),
  /** Voucher amount by star level. */
  tierAmounts: z.strictObject({ 3: positiveFen, 4: positiveFen, 5: positiveFen }),
  oneVoucherPerEnterprisePerListYear: z.boolean(),
  tranches: tranchesSchema,
  // The platform implements only voiding: unused balance never rolls into the next tranche
  // nor returns to the budget. The field makes that rule explicit in the stored document.
  voidUnusedAtExpiry: z.literal(true),
  /** Days before a tranche with a balance expires on which the enterprise is reminded. */
  expiryReminderDays: z.array(z.int().positive()).refine(isUnique, 'reminder days repeat'),
  /** Service categories a bill may be paid by voucher for; any other is refused. */
  eligibleCategories: z
    .array(z.string().regex(/^[a-z][a-z0-9_-]*$/))
    .min(1)
    .refine(isUnique, 'categories repeat'),
  /** Largest share of a bill the voucher may pay, in basis points (10000 = 100%). */
  coverageCapBasisPoints: z.int().min(1).max(BASIS_POINTS_IN_WHOLE),
  upload: z.strictObject({
    maxBytes: z.int().positive(),
    /** Media types as sniffed from the content, never as declared by the client. */
    allowedTypes: z
      .array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/))
      .min(1)
      .refine(isUnique, 'types repeat'),
  }),
  /** A month's operation report is due by this day of the next month; ≤ 28 exists every month. */
  monthlyReportDueDay: z.int().min(1).max(28),
});

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

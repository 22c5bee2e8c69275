/**
 * Request and response shapes of the monthly-report routes. Part (a) figures arrive as JSON
 * numbers or decimal strings and are kept as exact decimal strings: a figure with more places
 * than the column keeps, a negative, a huge or a non-numeric one is a 400 naming the field.
 */
import { z } from 'zod';

/** A non-negative decimal with at most `intDigits` digits before the point and `scale` after. */
const decimal = (label: string, intDigits: number, scale: number) =>
  z
    .union([z.number(), z.string().trim()], { error: `${label}须为数字` })
    .transform((value) => (typeof value === 'number' ? String(value) : value))
    .pipe(
      z
        .string()
        .regex(
          new RegExp(`^\\d{1,${intDigits}}(\\.\\d{1,${scale}})?$`),
          `${label}须为不小于 0 的数字，整数部分不超过 ${intDigits} 位，最多 ${scale} 位小数`,
        ),
    )
    .transform((value) => value.replace(/^0+(?=\d)/, ''))
    .nullable()
    .optional();

export const MAX_COMMENTARY = 5000;

export const draftBody = z.strictObject({
  vcpuCoreHours: decimal('vCPU 核时', 12, 2),
  memoryGibHours: decimal('内存 GiB·小时', 12, 2),
  blockStorageTbMonths: decimal('块存储 TB·月', 9, 3),
  objectStorageTbMonths: decimal('对象存储 TB·月', 9, 3),
  bandwidthPeakMbps: decimal('公网带宽峰值 Mbps', 9, 2),
  trafficTb: decimal('公网流量 TB', 9, 3),
  securityInstances: z
    .int({ error: '安全服务实例数须为整数' })
    .min(0, '安全服务实例数不能为负数')
    .max(1_000_000, '安全服务实例数不能超过 1,000,000')
    .nullable()
    .optional(),
  commentary: z
    .string({ error: '情况说明须为文字' })
    .max(MAX_COMMENTARY, `情况说明不能超过 ${MAX_COMMENTARY} 字`)
    .optional(),
});

export const monthParams = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
});

export const returnBody = z.strictObject({
  reason: z
    .string({ error: '请填写退回原因' })
    .trim()
    .min(1, '请填写退回原因')
    .max(1000, '退回原因不能超过 1000 字'),
});

const status = z.enum(['draft', 'submitted', 'returned', 'archived']);

export const usageFiguresSchema = z
  .object({
    vcpuCoreHours: z.string().nullable(),
    memoryGibHours: z.string().nullable(),
    blockStorageTbMonths: z.string().nullable(),
    objectStorageTbMonths: z.string().nullable(),
    bandwidthPeakMbps: z.string().nullable(),
    trafficTb: z.string().nullable(),
    securityInstances: z.int().nullable(),
  })
  .meta({ id: 'MonthlyReportUsage' });

export const reportSummarySchema = z
  .object({
    month: z.string(),
    status: z.union([status, z.literal('not-started')]),
    monthState: z.enum(['current', 'ended']),
    dueDate: z.string(),
    roundNo: z.int(),
    submittedAt: z.string().nullable(),
    lateDays: z.int().nullable(),
    overdueDays: z.int(),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'MonthlyReportSummary' });

const usageLine = z
  .object({
    deductions: z.int(),
    deducted: z.int(),
    reversals: z.int(),
    reversed: z.int(),
    netWriteOff: z.int(),
  })
  .meta({ id: 'MonthlyReportUsageLine' });

const controlRow = z
  .object({
    star: z.int(),
    opening: z.int(),
    granted: z.int(),
    restored: z.int(),
    deducted: z.int(),
    voided: z.int(),
    closing: z.int(),
  })
  .meta({ id: 'MonthlyReportControlRow' });

export const computedPartsSchema = z
  .object({
    window: z.object({ start: z.string(), end: z.string() }),
    adoption: z.array(
      z
        .object({
          star: z.int(),
          registered: z.int(),
          certified: z.int(),
          claimed: z.int(),
          activeVoucher: z.int(),
          newRegistered: z.int(),
          newCertified: z.int(),
          newClaimed: z.int(),
        })
        .meta({ id: 'MonthlyReportAdoptionRow' }),
    ),
    vouchers: z.object({
      totals: usageLine,
      byCategory: z.array(usageLine.extend({ category: z.string() })),
      byEnterprise: z.array(
        usageLine.extend({ creditCode: z.string(), enterpriseName: z.string() }),
      ),
      expiries: z.object({ tranches: z.int(), amount: z.int() }),
      reversalVoided: z.int(),
    }),
    controls: z.array(controlRow),
    reconciliation: z.object({
      ok: z.boolean(),
      discrepancies: z.array(
        z.object({
          star: z.int(),
          what: z.enum(['identity', 'opening', 'closing']),
          difference: z.int(),
        }),
      ),
    }),
  })
  .meta({ id: 'MonthlyReportParts' });

export const roundSchema = z
  .object({
    roundNo: z.int(),
    submittedBy: z.string(),
    submittedAt: z.string(),
    dueDate: z.string(),
    lateDays: z.int(),
    decision: z.enum(['archived', 'returned']).nullable(),
    reviewedBy: z.string().nullable(),
    reason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    documents: z.array(
      z.object({
        kind: z.enum(['json', 'xlsx', 'pdf']),
        name: z.string(),
        sha256: z.string(),
        url: z.string(),
      }),
    ),
  })
  .meta({ id: 'MonthlyReportRound' });

export const reportDetailSchema = reportSummarySchema
  .extend({
    usage: usageFiguresSchema,
    commentary: z.string(),
    updatedBy: z.string().nullable(),
    parts: computedPartsSchema,
    frozen: z.boolean(),
    rounds: z.array(roundSchema),
  })
  .meta({ id: 'MonthlyReportDetail' });

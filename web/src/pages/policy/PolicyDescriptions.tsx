import { Descriptions, Tag } from 'antd';
import type { PolicyVersion } from '../../api/types';
import { useI18n } from '../../i18n/useT';
import { chineseNumeral } from '../../lib/articles';
import { categoryLabel } from '../../lib/labels';
import { formatBasisPoints, formatYuan } from '../../lib/money';
import { formatDateTime } from '../../lib/time';

const MB = 1024 * 1024;

function formatBytes(bytes: number): string {
  if (bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} B`;
}

/** application/pdf → PDF, image/jpeg → JPEG. */
function typeName(mediaType: string): string {
  return (mediaType.split('/')[1] ?? mediaType).toUpperCase();
}

/** A policy version in words: every “(policy)” choice of policy-rules.md, never raw JSON. */
export function PolicyDescriptions({ policy, testId }: { policy: PolicyVersion; testId?: string }) {
  const { t, lang } = useI18n();
  const doc = policy.document;
  const join = (parts: string[]) => parts.join(lang === 'en' ? ', ' : '、');
  const starName = (star: number) =>
    t('voucher.starValue', { star: lang === 'en' ? star : chineseNumeral(star) });
  const tiers = Object.entries(doc.tierAmounts)
    .map(([star, fen]) => [Number(star), fen] as const)
    .sort((a, b) => b[0] - a[0]);

  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      styles={{ label: { width: 160 } }}
      data-testid={testId}
      items={[
        {
          key: 'version',
          label: t('policy.version'),
          children: (
            <>
              {policy.version}{' '}
              {policy.inForce ? (
                <Tag color="success">{t('policy.inForce')}</Tag>
              ) : (
                <Tag>{t('policy.superseded')}</Tag>
              )}
            </>
          ),
        },
        { key: 'title', label: t('policy.title'), children: doc.title },
        { key: 'number', label: t('policy.documentNumber'), children: doc.documentNumber },
        {
          key: 'published',
          label: t('policy.publishedAt'),
          children: `${formatDateTime(policy.publishedAt)} · ${policy.publishedBy ?? t('policy.system')}`,
        },
        {
          key: 'tiers',
          label: t('policy.tiers'),
          children: tiers.map(([star, fen]) => (
            <div key={star}>
              {starName(star)} {formatYuan(fen)}
            </div>
          )),
        },
        {
          key: 'onePerYear',
          label: t('policy.onePerYear'),
          children: doc.oneVoucherPerEnterprisePerListYear
            ? t('policy.onePerYearYes')
            : t('policy.onePerYearNo'),
        },
        {
          key: 'tranches',
          label: t('policy.tranches'),
          children: doc.tranches.map((rule, index) => (
            <div key={rule.activeFromMonths}>
              {t('policy.tranche', {
                seq: index + 1,
                share: formatBasisPoints(rule.shareBasisPoints),
                // Counted as people say it: the first month is month 1, not month 0.
                from: rule.activeFromMonths + 1,
                to: rule.activeFromMonths + rule.validForMonths,
              })}
            </div>
          )),
        },
        {
          key: 'expiry',
          label: t('policy.expiry'),
          children: doc.voidUnusedAtExpiry ? t('policy.voidUnused') : '—',
        },
        {
          key: 'reminders',
          label: t('policy.reminders'),
          children: t('policy.reminderDays', {
            days: join(
              [...doc.expiryReminderDays]
                .sort((a, b) => b - a)
                .map((days) => t('policy.days', { days })),
            ),
          }),
        },
        {
          key: 'categories',
          label: t('policy.categories'),
          children: join(doc.eligibleCategories.map((c) => categoryLabel(t, c))),
        },
        {
          key: 'cap',
          label: t('policy.coverageCap'),
          children: t('policy.coverageCapValue', {
            cap: formatBasisPoints(doc.coverageCapBasisPoints),
          }),
        },
        {
          key: 'upload',
          label: t('policy.upload'),
          children: t('policy.uploadValue', {
            size: formatBytes(doc.upload.maxBytes),
            types: doc.upload.allowedTypes.map(typeName).join('/'),
          }),
        },
        {
          key: 'report',
          label: t('policy.monthlyReport'),
          children: t('policy.monthlyReportValue', { day: doc.monthlyReportDueDay }),
        },
        {
          key: 'tz',
          label: t('policy.timeZone'),
          children: t('policy.timeZoneValue', { zone: doc.timeZone }),
        },
      ]}
    />
  );
}

import { Card, Descriptions, Flex, Progress, Typography } from 'antd';
import type { Voucher } from '../../api/types';
import { useI18n } from '../../i18n/useT';
import { chineseNumeral } from '../../lib/articles';
import { formatYuan } from '../../lib/money';
import { formatDate } from '../../lib/time';
import { TrancheTable } from './TrancheTable';

/** Share used, in whole percent, from integer fen (0 when the amount is 0). */
function usedPercent(used: number, amount: number): number {
  return amount > 0 ? Math.min(100, Math.floor((used * 100) / amount)) : 0;
}

/** One voucher: its list year, star level, amount, claim date, policy, use and tranches. */
export function VoucherCard({
  voucher,
  showEnterprise = false,
}: {
  voucher: Voucher;
  showEnterprise?: boolean;
}) {
  const { t, lang } = useI18n();
  const star = t('voucher.starValue', {
    star: lang === 'en' ? voucher.star : chineseNumeral(voucher.star),
  });
  const used = voucher.tranches.reduce((sum, tranche) => sum + tranche.used, 0);
  const items = [
    ...(showEnterprise
      ? [
          { key: 'enterprise', label: t('voucher.enterprise'), children: voucher.enterpriseName },
          {
            key: 'creditCode',
            label: t('voucher.creditCode'),
            children: <span className="mono">{voucher.creditCode}</span>,
          },
        ]
      : []),
    {
      key: 'listYear',
      label: t('voucher.listYear'),
      children: t('voucher.listYearValue', { year: voucher.listYear }),
    },
    { key: 'star', label: t('voucher.star'), children: star },
    {
      key: 'amount',
      label: t('voucher.amount'),
      children: <Typography.Text strong>{formatYuan(voucher.amount)}</Typography.Text>,
    },
    { key: 'grantedAt', label: t('voucher.grantedAt'), children: formatDate(voucher.grantedAt) },
    { key: 'policy', label: t('voucher.policyVersion'), children: voucher.policyVersion },
  ];

  return (
    <Card
      title={t('voucher.cardTitle', { year: voucher.listYear, star })}
      data-testid="voucher-card"
    >
      <Flex vertical gap={16}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={items} />
        <div>
          <Typography.Text type="secondary">
            {t('voucher.progress', {
              used: formatYuan(used),
              amount: formatYuan(voucher.amount),
            })}
          </Typography.Text>
          <Progress
            percent={usedPercent(used, voucher.amount)}
            aria-label={t('voucher.progressLabel')}
          />
        </div>
        <TrancheTable tranches={voucher.tranches} />
      </Flex>
    </Card>
  );
}

import { type TableProps, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { UsageItem } from '../../api/types';
import type { Translate } from '../../i18n/context';
import { categoryLabel } from '../../lib/labels';
import { formatYuan } from '../../lib/money';
import { formatDateTime } from '../../lib/time';

function Secondary({ children }: { children: ReactNode }) {
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {children}
      </Typography.Text>
    </div>
  );
}

/**
 * Columns of the usage history (核销 and 冲正 rows): the enterprise's own page and the
 * clerk's list share them; the clerk's adds the enterprise, what is still reversible and
 * an action.
 */
export function usageColumns(
  t: Translate,
  options: { withEnterprise?: boolean; actions?: (row: UsageItem) => ReactNode } = {},
): NonNullable<TableProps<UsageItem>['columns']> {
  const columns: NonNullable<TableProps<UsageItem>['columns']> = [
    {
      title: t('usage.time'),
      dataIndex: 'createdAt',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('usage.type'),
      dataIndex: 'type',
      render: (_, row) => (
        <Tag color={row.type === 'deduction' ? 'blue' : 'orange'}>
          {t(`usage.type.${row.type}`)}
        </Tag>
      ),
    },
    {
      title: t('usage.orderNo'),
      dataIndex: 'orderNo',
      render: (value: string, row) => (
        <>
          <span className="mono">{value}</span>
          {row.reason ? <Secondary>{t('usage.reason', { reason: row.reason })}</Secondary> : null}
          {row.description ? (
            <Secondary>{t('usage.remark', { text: row.description })}</Secondary>
          ) : null}
        </>
      ),
    },
  ];
  if (options.withEnterprise) {
    columns.push({
      title: t('usage.enterprise'),
      dataIndex: 'enterpriseName',
      render: (value: string, row) => (
        <>
          {value}
          <Secondary>
            <span className="mono">{row.creditCode}</span>
          </Secondary>
        </>
      ),
    });
  }
  columns.push(
    {
      title: t('usage.category'),
      dataIndex: 'category',
      render: (value: string) => categoryLabel(t, value),
    },
    {
      title: t('usage.requested'),
      dataIndex: 'requested',
      align: 'right',
      render: (value: number | null) => formatYuan(value),
    },
    {
      title: t('usage.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (value: number, row) =>
        row.type === 'deduction' ? (
          formatYuan(value)
        ) : (
          <>
            <Typography.Text type="warning">{formatYuan(-value)}</Typography.Text>
            <Secondary>
              {t('usage.reversalDetail', {
                restored: formatYuan(row.restored ?? 0),
                voided: formatYuan(row.voided ?? 0),
              })}
            </Secondary>
          </>
        ),
    },
    {
      title: t('usage.payable'),
      dataIndex: 'payable',
      align: 'right',
      render: (value: number | null) => formatYuan(value),
    },
  );
  if (options.actions) {
    const render = options.actions;
    columns.push(
      {
        title: t('usage.reversible'),
        dataIndex: 'reversible',
        align: 'right',
        render: (value: number | null) => formatYuan(value),
      },
      { title: t('common.actions'), key: 'actions', fixed: 'end', render: (_, row) => render(row) },
    );
  }
  return columns;
}

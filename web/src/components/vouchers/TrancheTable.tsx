import { Table, type TableProps, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import type { Tranche } from '../../api/types';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { formatDate, lastValidDay } from '../../lib/time';
import { TrancheStatusTag } from './TrancheStatusTag';

/** Table rows take any attribute; the type of `onRow` does not list `data-*` ones. */
type RowProps = HTMLAttributes<HTMLElement>;

/** A voucher's tranches (第1期、第2期): amounts, use, validity and status. */
export function TrancheTable({ tranches }: { tranches: Tranche[] }) {
  const t = useT();
  const money = (value: number) => formatYuan(value);
  const columns: TableProps<Tranche>['columns'] = [
    {
      title: t('tranche.seq'),
      dataIndex: 'seq',
      render: (seq: number) => t('tranche.seqValue', { seq }),
    },
    { title: t('tranche.amount'), dataIndex: 'amount', align: 'right', render: money },
    { title: t('tranche.used'), dataIndex: 'used', align: 'right', render: money },
    { title: t('tranche.voided'), dataIndex: 'voided', align: 'right', render: money },
    {
      title: t('tranche.available'),
      dataIndex: 'available',
      align: 'right',
      render: (value: number, tranche) => (
        <>
          <Typography.Text strong={tranche.status === 'active'}>
            {formatYuan(value)}
          </Typography.Text>
          {tranche.status === 'pending' && tranche.balance > 0 ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('tranche.pendingNote', { amount: formatYuan(tranche.balance) })}
              </Typography.Text>
            </div>
          ) : null}
        </>
      ),
    },
    {
      title: t('tranche.activeFrom'),
      dataIndex: 'activeFrom',
      render: (value: string) => formatDate(value),
    },
    {
      title: t('tranche.expiresAt'),
      dataIndex: 'expiresAt',
      render: (value: string) => lastValidDay(value),
    },
    {
      title: t('tranche.status'),
      dataIndex: 'status',
      render: (_, tranche) => <TrancheStatusTag status={tranche.status} />,
    },
  ];
  return (
    <Table<Tranche>
      rowKey="trancheId"
      size="small"
      columns={columns}
      dataSource={tranches}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(tranche) => ({ 'data-testid': `tranche-row-${tranche.seq}` }) as RowProps}
    />
  );
}

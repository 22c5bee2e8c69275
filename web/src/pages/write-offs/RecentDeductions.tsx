import { App, Button, Card, Table } from 'antd';
import { useState } from 'react';
import type { UsageItem } from '../../api/types';
import { type Paging, useOperatorDeductions } from '../../api/vouchers';
import { QueryError } from '../../components/QueryError';
import { usageColumns } from '../../components/vouchers/usageColumns';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { ReverseModal } from './ReverseModal';

/** The operator's write-offs and reversals, newest first; 冲正 on what is still reversible. */
export function RecentDeductions({
  creditCode,
  onShowAll,
  onReversed,
}: {
  creditCode: string | undefined;
  onShowAll: () => void;
  onReversed: () => void;
}) {
  const t = useT();
  const { modal } = App.useApp();
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize: 20 });
  const [reversing, setReversing] = useState<UsageItem | null>(null);
  const [shownFor, setShownFor] = useState(creditCode);
  if (shownFor !== creditCode) {
    setShownFor(creditCode);
    setPaging((current) => ({ ...current, page: 1 }));
  }
  const deductions = useOperatorDeductions({ ...paging, creditCode });

  const columns = usageColumns(t, {
    withEnterprise: true,
    actions: (row) =>
      row.type === 'deduction' && (row.reversible ?? 0) > 0 ? (
        <Button
          size="small"
          type="link"
          onClick={() => setReversing(row)}
          data-testid={`reverse-${row.deductionId}`}
        >
          {t('writeOff.reverse')}
        </Button>
      ) : null,
  });

  return (
    <Card
      title={creditCode ? t('writeOff.recentFiltered') : t('writeOff.recent')}
      extra={creditCode ? <Button onClick={onShowAll}>{t('writeOff.showAll')}</Button> : null}
    >
      {deductions.isError ? (
        <QueryError error={deductions.error} onRetry={() => deductions.refetch()} />
      ) : (
        <Table<UsageItem>
          rowKey={(row) => `${row.type}:${row.id}`}
          size="small"
          columns={columns}
          dataSource={deductions.data?.items ?? []}
          loading={deductions.isFetching}
          locale={{ emptyText: t('usage.empty') }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: deductions.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) =>
              setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
          }}
          data-testid="deductions-table"
        />
      )}
      <ReverseModal
        row={reversing}
        onClose={() => setReversing(null)}
        onReversed={(result) => {
          setReversing(null);
          onReversed();
          modal.success({
            title: t('reverse.done', {
              restored: formatYuan(result.restored),
              voided: formatYuan(result.voided),
            }),
            content: result.voided > 0 ? t('reverse.voidedNote') : undefined,
          });
        }}
      />
    </Card>
  );
}

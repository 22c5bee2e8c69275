import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { apiDownload, saveBlob } from '../../api/client';
import { describeError } from '../../api/errors';
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
  const { modal, message } = App.useApp();
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize: 20 });
  const [reversing, setReversing] = useState<UsageItem | null>(null);
  const [shownFor, setShownFor] = useState(creditCode);
  if (shownFor !== creditCode) {
    setShownFor(creditCode);
    setPaging((current) => ({ ...current, page: 1 }));
  }
  const deductions = useOperatorDeductions({ ...paging, creditCode });
  const [exportMonth, setExportMonth] = useState<Dayjs>(() => dayjs());
  const [exporting, setExporting] = useState(false);

  // The month's 核销记录 (of the looked-up enterprise, if any) as Excel, for reconciliation.
  async function exportExcel() {
    setExporting(true);
    try {
      const query = new URLSearchParams({ month: exportMonth.format('YYYY-MM') });
      if (creditCode) query.set('creditCode', creditCode);
      const { blob, fileName } = await apiDownload(`/api/operator/deductions.xlsx?${query}`);
      saveBlob(blob, fileName ?? t('writeOff.exportFile'));
    } catch (error) {
      message.error(describeError(t, error));
    } finally {
      setExporting(false);
    }
  }

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
      extra={
        <Space wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            value={exportMonth}
            onChange={(value) => value && setExportMonth(value)}
            disabledDate={(day) => day.isAfter(dayjs(), 'month')}
            aria-label={t('writeOff.exportMonth')}
            data-testid="deductions-export-month"
          />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={exportExcel}
            data-testid="deductions-export"
          >
            {t('writeOff.export')}
          </Button>
          {creditCode ? <Button onClick={onShowAll}>{t('writeOff.showAll')}</Button> : null}
        </Space>
      }
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

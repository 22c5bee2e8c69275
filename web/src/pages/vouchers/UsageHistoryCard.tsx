import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Table } from 'antd';
import { useState } from 'react';
import { apiDownload, saveBlob } from '../../api/client';
import { describeError } from '../../api/errors';
import type { UsageItem } from '../../api/types';
import { type Paging, USAGE_EXPORT_PATH, useOwnUsage } from '../../api/vouchers';
import { QueryError } from '../../components/QueryError';
import { usageColumns } from '../../components/vouchers/usageColumns';
import { useT } from '../../i18n/useT';

/** The enterprise's write-offs and reversals, paged by the server, with an Excel export. */
export function UsageHistoryCard() {
  const t = useT();
  const { message } = App.useApp();
  const [paging, setPaging] = useState<Paging>({ page: 1, pageSize: 20 });
  const [exporting, setExporting] = useState(false);
  const usage = useOwnUsage(paging);

  async function exportExcel() {
    setExporting(true);
    try {
      const { blob, fileName } = await apiDownload(USAGE_EXPORT_PATH);
      saveBlob(blob, fileName ?? t('usage.exportFile'));
    } catch (error) {
      message.error(describeError(t, error));
    } finally {
      setExporting(false);
    }
  }

  return (
    <Card
      title={t('usage.title')}
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={exportExcel}
          data-testid="usage-export"
        >
          {t('usage.export')}
        </Button>
      }
    >
      {usage.isError ? (
        <QueryError error={usage.error} onRetry={() => usage.refetch()} />
      ) : (
        <Table<UsageItem>
          rowKey={(row) => `${row.type}:${row.id}`}
          size="small"
          columns={usageColumns(t)}
          dataSource={usage.data?.items ?? []}
          loading={usage.isFetching}
          locale={{ emptyText: t('usage.empty') }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: usage.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) =>
              setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
          }}
          data-testid="usage-table"
        />
      )}
    </Card>
  );
}

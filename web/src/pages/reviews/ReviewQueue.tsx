import type { UseQueryResult } from '@tanstack/react-query';
import { Drawer, Input, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import type { ReviewStatus } from '../../api/enterprise';
import type { QueueCounts, QueueFilter } from '../../api/reviews';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';

const STATUSES: ReviewStatus[] = ['submitted', 'returned', 'approved'];

interface QueueItem {
  id: string;
  enterpriseName: string;
  roundNo: number;
}

/**
 * A Data Bureau review queue: tabs by status with counts, search, a paged table whose rows
 * open the detail in a drawer. The certification and claim queues differ only in their
 * columns and their detail, which they pass in.
 */
export function ReviewQueue<Item extends QueueItem>({
  title,
  useQueue,
  columns,
  renderDetail,
}: {
  title: string;
  useQueue: (
    filter: QueueFilter,
  ) => UseQueryResult<{ items: Item[]; total: number; counts: QueueCounts }>;
  columns: ColumnsType<Item>;
  renderDetail: (id: string, onDone: () => void) => ReactNode;
}) {
  const t = useT();
  const [status, setStatus] = useState<ReviewStatus>('submitted');
  const [q, setQ] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<string | null>(null);
  const queue = useQueue({ status, q: q || undefined, ...paging });
  const openItem = queue.data?.items.find((item) => item.id === openId);
  const close = () => setOpenId(null);

  const withOpen: ColumnsType<Item> = [
    ...columns,
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_value, item) => (
        <Typography.Link onClick={() => setOpenId(item.id)}>{t('review.open')}</Typography.Link>
      ),
    },
  ];

  return (
    <>
      {/* The search box sits beside the title, not inside the tab list (a tablist holds only tabs). */}
      <PageHeader
        title={title}
        extra={
          <Input.Search
            allowClear
            placeholder={t('review.search')}
            aria-label={t('review.search')}
            onSearch={(value) => {
              setQ(value.trim());
              setPaging((current) => ({ ...current, page: 1 }));
            }}
            style={{ width: 300 }}
            data-testid="review-search"
          />
        }
      />
      <Tabs
        activeKey={status}
        onChange={(key) => {
          setStatus(key as ReviewStatus);
          setPaging((current) => ({ ...current, page: 1 }));
        }}
        items={STATUSES.map((key) => ({
          key,
          label: t(`review.tab.${key}`, { count: queue.data?.counts?.[key] ?? 0 }),
        }))}
      />
      {queue.isError ? (
        <QueryError error={queue.error} onRetry={() => queue.refetch()} />
      ) : (
        <Table
          rowKey="id"
          loading={queue.isFetching}
          columns={withOpen}
          dataSource={queue.data?.items ?? []}
          onRow={(item) =>
            ({
              'data-testid': `review-row-${item.id}`,
              onClick: () => setOpenId(item.id),
              style: { cursor: 'pointer' },
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: queue.data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
        />
      )}
      <Drawer
        open={openId !== null}
        onClose={close}
        size="92%"
        destroyOnHidden
        title={
          openItem
            ? t('review.detailTitle', { name: openItem.enterpriseName, round: openItem.roundNo })
            : title
        }
      >
        {openId ? renderDetail(openId, close) : null}
      </Drawer>
    </>
  );
}

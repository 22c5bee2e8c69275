import { CheckOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Card,
  Flex,
  Segmented,
  Space,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNotifications } from '../../api/notifications';
import type { AppNotification } from '../../api/types';
import { useNotificationActions } from '../../components/notifications/useNotificationActions';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatDateTime } from '../../lib/time';

type Filter = 'all' | 'unread';

/** 消息中心: every notification of the signed-in user, paged; read one or all. */
export default function NotificationsPage() {
  const t = useT();
  const [filter, setFilter] = useState<Filter>('all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useNotifications({
    ...paging,
    unread: filter === 'unread' ? 'true' : undefined,
  });
  const actions = useNotificationActions();
  const unread = list.data?.unread ?? 0;

  const columns: TableProps<AppNotification>['columns'] = [
    {
      title: t('notifications.status'),
      dataIndex: 'readAt',
      render: (readAt: string | null) =>
        readAt ? (
          <Badge status="default" text={t('notifications.read')} />
        ) : (
          <Badge status="processing" text={t('notifications.unread')} />
        ),
    },
    {
      title: t('notifications.title'),
      dataIndex: 'title',
      render: (title: string, item) => (
        <Typography.Text strong={!item.readAt}>{title}</Typography.Text>
      ),
    },
    {
      title: t('notifications.body'),
      dataIndex: 'body',
      render: (body: string) => (
        <Typography.Paragraph style={{ margin: 0, maxWidth: 560 }}>{body}</Typography.Paragraph>
      ),
    },
    {
      title: t('notifications.time'),
      dataIndex: 'createdAt',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, item) => (
        <Space size={0}>
          {item.link ? (
            <Button type="link" size="small" onClick={() => void actions.open(item)}>
              {t('notifications.open')}
            </Button>
          ) : null}
          {item.readAt ? null : (
            <Button type="link" size="small" onClick={() => void actions.open(item, false)}>
              {t('notifications.markRead')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('feature.notifications.label')}
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={unread === 0}
            onClick={() => void actions.readAll()}
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Segmented<Filter>
            value={filter}
            onChange={(value) => {
              setFilter(value);
              setPaging((current) => ({ ...current, page: 1 }));
            }}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: `${t('notifications.onlyUnread')} (${unread})` },
            ]}
          />
        </Flex>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<AppNotification>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            locale={{ emptyText: t('notifications.empty') }}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: (page, pageSize) =>
                setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
            }}
            data-testid="notifications-table"
          />
        )}
      </Card>
    </>
  );
}

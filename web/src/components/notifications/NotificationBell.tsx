import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Popover, Spin, Typography, theme } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useNotifications, useUnreadCount } from '../../api/notifications';
import type { AppNotification } from '../../api/types';
import { useT } from '../../i18n/useT';
import { formatDateTime } from '../../lib/time';
import { useNotificationActions } from './useNotificationActions';

/** Present for tests and screen readers, invisible on screen (the badge shows it). */
const SCREEN_READER_ONLY = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
} as const;

function Item({ item, onOpen }: { item: AppNotification; onOpen: () => void }) {
  const { token } = theme.useToken();
  return (
    <button
      type="button"
      onClick={onOpen}
      style={{
        all: 'unset',
        cursor: 'pointer',
        display: 'block',
        padding: '8px 4px',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
      }}
      data-testid={`notification-${item.id}`}
    >
      <Flex justify="space-between" gap={8}>
        <Typography.Text strong={!item.readAt} ellipsis>
          {item.readAt ? null : <Badge status="processing" />} {item.title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
          {formatDateTime(item.createdAt)}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph
        type="secondary"
        ellipsis={{ rows: 2 }}
        style={{ margin: 0, fontSize: 13 }}
      >
        {item.body}
      </Typography.Paragraph>
    </button>
  );
}

/** The header bell: unread count (refreshed every minute), the latest five, read them all. */
export function NotificationBell({ centreHref }: { centreHref: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount(true);
  const latest = useNotifications({ page: 1, pageSize: 5 }, open);
  const actions = useNotificationActions();
  const count = unread.data ?? 0;

  const content = (
    <div style={{ width: 340 }}>
      {latest.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : (latest.data?.items.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        latest.data?.items.map((item) => (
          <Item
            key={item.id}
            item={item}
            onOpen={() => {
              if (item.link) setOpen(false);
              void actions.open(item);
            }}
          />
        ))
      )}
      <Flex justify="space-between" style={{ marginTop: 8 }}>
        <Link to={centreHref} onClick={() => setOpen(false)}>
          {t('notifications.viewAll')}
        </Link>
        <Button
          size="small"
          type="link"
          disabled={count === 0}
          onClick={() => void actions.readAll()}
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
    </div>
  );

  return (
    <>
      <Popover
        trigger="click"
        placement="bottomRight"
        open={open}
        onOpenChange={setOpen}
        title={count > 0 ? t('notifications.unreadCount', { count }) : t('notifications.bell')}
        content={content}
      >
        <Button
          type="text"
          aria-label={t('notifications.bell')}
          data-testid="notifications-bell"
          icon={
            <Badge count={count} size="small" overflowCount={99}>
              <BellOutlined style={{ fontSize: 18 }} />
            </Badge>
          }
        />
      </Popover>
      <span data-testid="notifications-count" style={SCREEN_READER_ONLY}>
        {count}
      </span>
    </>
  );
}

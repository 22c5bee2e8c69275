import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Divider, Flex, Typography, theme } from 'antd';
import type { Me } from '../api/types';
import { useT } from '../i18n/useT';
import { roleLabel } from '../lib/labels';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './notifications/NotificationBell';
import { useSignOut } from './useSignOut';

/**
 * Workspace title on the left; notifications, who is signed in, language and sign-out on
 * the right.
 */
export function AppHeader({
  title,
  me,
  notificationsHref,
}: {
  title: string;
  me: Me;
  /** The workspace's 消息中心, for the bell's “查看全部”. */
  notificationsHref: string;
}) {
  const t = useT();
  const { token } = theme.useToken();
  const { signOut, pending } = useSignOut();
  const { user } = me;
  return (
    <Flex align="center" justify="space-between" gap={16} style={{ height: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }} ellipsis>
        {title}
      </Typography.Title>
      <Flex align="center" gap={12} wrap={false}>
        {me.permissions.includes('notifications.self') ? (
          <NotificationBell centreHref={notificationsHref} />
        ) : null}
        <Flex align="center" gap={6} data-testid="current-user">
          <UserOutlined style={{ color: token.colorTextSecondary }} />
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
            {user.name}
          </Typography.Text>
          <Divider orientation="vertical" />
          <Typography.Text type="secondary">{roleLabel(t, user.role)}</Typography.Text>
          <Divider orientation="vertical" />
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220 }}>
            {user.organisation.name}
          </Typography.Text>
        </Flex>
        <LanguageSwitch />
        <Button
          icon={<LogoutOutlined />}
          loading={pending}
          onClick={signOut}
          data-testid="sign-out"
        >
          {t('header.signOut')}
        </Button>
      </Flex>
    </Flex>
  );
}

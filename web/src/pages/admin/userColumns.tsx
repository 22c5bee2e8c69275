import { type TableProps, Tag, Tooltip } from 'antd';
import type { AdminUser } from '../../api/types';
import type { Translate } from '../../i18n/context';
import { roleLabel } from '../../lib/labels';
import { formatDateTime, isFuture } from '../../lib/time';

function status(t: Translate, user: AdminUser) {
  if (user.disabled) return <Tag color="default">{t('users.disabled')}</Tag>;
  if (isFuture(user.lockedUntil)) {
    return (
      <Tooltip title={t('users.lockedUntil', { time: formatDateTime(user.lockedUntil) })}>
        <Tag color="warning">{t('users.locked')}</Tag>
      </Tooltip>
    );
  }
  if (user.passwordChangeRequired) {
    return <Tag color="processing">{t('users.mustChangePassword')}</Tag>;
  }
  return <Tag color="success">{t('users.active')}</Tag>;
}

export function userColumns(
  t: Translate,
  actions: (user: AdminUser) => React.ReactNode,
): NonNullable<TableProps<AdminUser>['columns']> {
  return [
    { title: t('users.username'), dataIndex: 'username', fixed: 'start' },
    { title: t('users.name'), dataIndex: 'name' },
    { title: t('users.role'), dataIndex: 'role', render: (role: string) => roleLabel(t, role) },
    {
      title: t('users.organisation'),
      key: 'organisation',
      render: (_, user) => user.organisation.name,
    },
    { title: t('users.status'), key: 'status', render: (_, user) => status(t, user) },
    {
      title: t('users.twoFactor'),
      dataIndex: 'twoFactorEnabled',
      render: (on: boolean) =>
        on ? <Tag color="success">{t('account.on')}</Tag> : <Tag>{t('account.off')}</Tag>,
    },
    {
      title: t('users.lastSignIn'),
      dataIndex: 'lastSignInAt',
      render: (value: string | null) => formatDateTime(value),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'end',
      render: (_, user) => actions(user),
    },
  ];
}

import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Table, type TableProps, Tag, Tooltip } from 'antd';
import { revokeSession, sessionsKey, useAccountSessions } from '../../api/account';
import { describeError } from '../../api/errors';
import type { AccountSession } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatDateTime } from '../../lib/time';
import { describeUserAgent } from '../../lib/userAgent';

/** Where this account is signed in; any other session can be ended here. */
export function SessionsCard() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sessions = useAccountSessions();

  async function revoke(id: string) {
    try {
      await revokeSession(id);
      message.success(t('account.sessions.revoked'));
    } catch (error) {
      message.error(describeError(t, error));
    }
    await queryClient.invalidateQueries({ queryKey: sessionsKey });
  }

  const columns: TableProps<AccountSession>['columns'] = [
    {
      title: t('account.sessions.createdAt'),
      dataIndex: 'createdAt',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('account.sessions.lastActiveAt'),
      dataIndex: 'lastActiveAt',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('account.sessions.expiresAt'),
      dataIndex: 'expiresAt',
      render: (value: string) => formatDateTime(value),
    },
    { title: t('account.sessions.ip'), dataIndex: 'ipAddress', render: (v) => v ?? '—' },
    {
      title: t('account.sessions.device'),
      dataIndex: 'userAgent',
      render: (value: string | null) => <Tooltip title={value}>{describeUserAgent(value)}</Tooltip>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) =>
        row.current ? (
          <Tag color="blue">{t('account.sessions.current')}</Tag>
        ) : (
          <Popconfirm title={t('account.sessions.revokeConfirm')} onConfirm={() => revoke(row.id)}>
            <Button size="small" danger>
              {t('account.sessions.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card title={t('account.sessions.title')}>
      {sessions.isError ? (
        <QueryError error={sessions.error} onRetry={() => sessions.refetch()} />
      ) : (
        <Table<AccountSession>
          rowKey="id"
          size="small"
          loading={sessions.isPending}
          dataSource={sessions.data?.items ?? []}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}

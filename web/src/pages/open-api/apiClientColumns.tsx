import type { TableProps } from 'antd';
import { Tag, Typography } from 'antd';
import type { ClientWithSecret } from '../../api/apiClients';
import type { ApiClient } from '../../api/types';
import type { Translate } from '../../i18n/context';
import { formatDateTime } from '../../lib/time';
import { ApiClientActions } from './ApiClientActions';

export function apiClientColumns(
  t: Translate,
  handlers: { onSecret: (value: ClientWithSecret) => void; onChanged: () => void },
): NonNullable<TableProps<ApiClient>['columns']> {
  return [
    { title: t('openApi.name'), dataIndex: 'name' },
    {
      title: t('openApi.keyId'),
      dataIndex: 'keyId',
      render: (value: string) => (
        <Typography.Text copyable className="mono">
          {value}
        </Typography.Text>
      ),
    },
    {
      title: t('openApi.status'),
      dataIndex: 'status',
      render: (_, client) => (
        <Tag color={client.status === 'active' ? 'success' : 'default'}>
          {t(`openApi.status.${client.status}`)}
        </Tag>
      ),
    },
    {
      title: t('openApi.createdAt'),
      dataIndex: 'createdAt',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('openApi.rotatedAt'),
      dataIndex: 'rotatedAt',
      render: (value: string | null) => formatDateTime(value),
    },
    {
      title: t('openApi.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      render: (value: string | null) => (value ? formatDateTime(value) : t('openApi.never')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'end',
      render: (_, client) => <ApiClientActions client={client} {...handlers} />,
    },
  ];
}

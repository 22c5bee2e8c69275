import { Button, Card, Collapse, Drawer, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { usePolicyHistory } from '../../api/policies';
import type { PolicyVersion } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatDateTime } from '../../lib/time';
import { PolicyDescriptions } from './PolicyDescriptions';

/** Every published version, newest first; any can be opened in words. */
export function PolicyHistory() {
  const t = useT();
  const history = usePolicyHistory();
  const [open, setOpen] = useState<PolicyVersion | null>(null);

  const columns: TableProps<PolicyVersion>['columns'] = [
    { title: t('policy.version'), dataIndex: 'version' },
    {
      title: t('policy.title'),
      key: 'title',
      render: (_, policy) => policy.document.title,
    },
    {
      title: t('policy.publishedAt'),
      dataIndex: 'publishedAt',
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('policy.publishedBy'),
      dataIndex: 'publishedBy',
      render: (value: string | null) => value ?? t('policy.system'),
    },
    {
      title: t('policy.supersededAt'),
      dataIndex: 'supersededAt',
      render: (value: string | null) => formatDateTime(value),
    },
    {
      title: t('policy.state'),
      dataIndex: 'inForce',
      render: (inForce: boolean) =>
        inForce ? (
          <Tag color="success">{t('policy.inForce')}</Tag>
        ) : (
          <Tag>{t('policy.superseded')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'open',
      render: (_, policy) => (
        <Button type="link" size="small" onClick={() => setOpen(policy)}>
          {t('policy.view')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={t('policy.history')}>
      {history.isError ? (
        <QueryError error={history.error} onRetry={() => history.refetch()} />
      ) : (
        <Table<PolicyVersion>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={history.data?.items ?? []}
          loading={history.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="policy-history"
        />
      )}
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size={720}
        title={open ? t('policy.versionTitle', { version: open.version }) : ''}
      >
        {open ? (
          <>
            <PolicyDescriptions policy={open} />
            <Collapse
              style={{ marginTop: 16 }}
              items={[
                {
                  key: 'json',
                  label: t('policy.document'),
                  children: (
                    <pre className="mono" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                      {JSON.stringify(open.document, null, 2)}
                    </pre>
                  ),
                },
              ]}
            />
          </>
        ) : null}
      </Drawer>
    </Card>
  );
}

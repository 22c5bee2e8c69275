import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Table } from 'antd';
import { useState } from 'react';
import { apiClientsKey, type ClientWithSecret, useApiClients } from '../../api/apiClients';
import type { ApiClient } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { apiClientColumns } from './apiClientColumns';
import { CreateApiClientModal } from './CreateApiClientModal';
import { SecretModal } from './SecretModal';
import { SignatureHelpCard } from './SignatureHelpCard';

/** 开放接口: the billing system's credentials — create, rotate, disable — and how to sign. */
export default function OpenApiPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const clients = useApiClients();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<ClientWithSecret | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: apiClientsKey });

  return (
    <>
      <PageHeader
        title={t('feature.openApi.label')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="api-client-create"
          >
            {t('openApi.create')}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          {clients.isError ? (
            <QueryError error={clients.error} onRetry={() => clients.refetch()} />
          ) : (
            <Table<ApiClient>
              rowKey="id"
              size="small"
              columns={apiClientColumns(t, {
                onSecret: (value) => {
                  message.success(t('openApi.rotated'));
                  setSecret(value);
                },
                onChanged: refresh,
              })}
              dataSource={clients.data?.items ?? []}
              loading={clients.isFetching}
              locale={{ emptyText: t('openApi.empty') }}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="api-client-table"
            />
          )}
        </Card>
        <SignatureHelpCard />
      </Flex>
      <CreateApiClientModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(value) => {
          setCreating(false);
          message.success(t('openApi.created'));
          setSecret(value);
          void refresh();
        }}
      />
      <SecretModal value={secret} onClose={() => setSecret(null)} />
    </>
  );
}

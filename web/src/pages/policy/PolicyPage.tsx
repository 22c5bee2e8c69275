import { CloudUploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Skeleton } from 'antd';
import { useState } from 'react';
import { policiesKey, useCurrentPolicy } from '../../api/policies';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { PolicyDescriptions } from './PolicyDescriptions';
import { PolicyHistory } from './PolicyHistory';
import { PublishPolicyModal } from './PublishPolicyModal';

/** 政策规则: the policy in force in words, its versions, and (Data Bureau admin) publishing. */
export default function PolicyPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const current = useCurrentPolicy();
  const [publishing, setPublishing] = useState(false);
  const canPublish = me?.permissions.includes('policy.publish') ?? false;

  return (
    <>
      <PageHeader
        title={t('feature.policy.label')}
        extra={
          canPublish ? (
            <Button
              type="primary"
              icon={<CloudUploadOutlined />}
              disabled={!current.data}
              onClick={() => setPublishing(true)}
              data-testid="policy-publish"
            >
              {t('policy.publish')}
            </Button>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        <Card title={t('policy.current')}>
          {current.isError ? (
            <QueryError error={current.error} onRetry={() => current.refetch()} />
          ) : current.data ? (
            <PolicyDescriptions policy={current.data} testId="policy-view" />
          ) : (
            <Skeleton active />
          )}
        </Card>
        <PolicyHistory />
      </Flex>
      {canPublish && current.data ? (
        <PublishPolicyModal
          open={publishing}
          current={current.data}
          onClose={() => setPublishing(false)}
          onPublished={(version) => {
            setPublishing(false);
            message.success(t('policy.published', { version }));
            void queryClient.invalidateQueries({ queryKey: policiesKey });
          }}
        />
      ) : null}
    </>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Row, Skeleton, Space, Table } from 'antd';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import {
  aggregateDocumentPath,
  type RedemptionSubmission,
  redemptionKey,
  sendToFinance,
  useAggregate,
  useSubmissions,
} from '../../api/redemption';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import {
  DownloadButton,
  pickSubmission,
  ReturnButton,
  SubmissionList,
  SubmissionSummary,
} from './parts';

function Aggregate({ submission }: { submission: RedemptionSubmission }) {
  const t = useT();
  const starName = useStarName();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const aggregate = useAggregate(submission.id);
  const [busy, setBusy] = useState(false);
  if (aggregate.isPending) return <Skeleton active />;
  if (aggregate.isError)
    return <QueryError error={aggregate.error} onRetry={() => aggregate.refetch()} />;
  const { byEnterprise, byStar, byListYear } = aggregate.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <SubmissionSummary submission={submission} />
      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('redemption.aggregate')}</h2>}
        extra={
          <Space wrap>
            <DownloadButton
              path={aggregateDocumentPath(submission.id, 'xlsx')}
              label={t('redemption.aggregateXlsx')}
              testId="aggregate-xlsx"
            />
            <DownloadButton
              path={aggregateDocumentPath(submission.id, 'pdf')}
              label={t('redemption.aggregatePdf')}
              testId="aggregate-pdf"
            />
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Table
              size="small"
              rowKey="star"
              pagination={false}
              title={() => t('redemption.byStar')}
              dataSource={byStar}
              columns={[
                { title: t('redemption.star'), dataIndex: 'star', render: starName },
                { title: t('redemption.enterprises'), dataIndex: 'enterprises', align: 'right' },
                {
                  title: t('redemption.recognised'),
                  dataIndex: 'recognised',
                  align: 'right',
                  render: formatYuan,
                },
              ]}
            />
          </Col>
          <Col xs={24} md={12}>
            <Table
              size="small"
              rowKey="listYear"
              pagination={false}
              title={() => t('redemption.byListYear')}
              dataSource={byListYear}
              columns={[
                { title: t('redemption.listYear'), dataIndex: 'listYear' },
                { title: t('redemption.enterprises'), dataIndex: 'enterprises', align: 'right' },
                {
                  title: t('redemption.recognised'),
                  dataIndex: 'recognised',
                  align: 'right',
                  render: formatYuan,
                },
              ]}
            />
          </Col>
          <Col xs={24}>
            <Table
              size="small"
              rowKey={(row) => `${row.creditCode}-${row.listYear}`}
              dataSource={byEnterprise}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('redemption.enterprise'), dataIndex: 'enterpriseName' },
                { title: 'USCC', dataIndex: 'creditCode' },
                { title: t('redemption.star'), dataIndex: 'star', render: starName },
                { title: t('redemption.listYear'), dataIndex: 'listYear' },
                {
                  title: t('redemption.net'),
                  dataIndex: 'netWriteOff',
                  align: 'right',
                  render: formatYuan,
                },
                {
                  title: t('redemption.recognised'),
                  dataIndex: 'recognised',
                  align: 'right',
                  render: formatYuan,
                },
              ]}
            />
          </Col>
        </Row>
      </Card>
      {submission.status === 'bureau-approved' ? (
        <Space>
          <Button
            type="primary"
            loading={busy}
            data-testid="send-to-finance"
            onClick={async () => {
              setBusy(true);
              try {
                await sendToFinance(submission.id, submission.version);
                message.success(t('redemption.sent'));
                await queryClient.invalidateQueries({ queryKey: redemptionKey });
              } catch (error) {
                message.error(describeError(t, error));
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('redemption.sendToFinance')}
          </Button>
          <ReturnButton submission={submission} />
        </Space>
      ) : null}
    </Space>
  );
}

/** 兑现汇总 (第十七条): the recognised enterprises and amounts, sent to Finance or returned. */
export default function RedemptionSummaryPage() {
  const t = useT();
  const submissions = useSubmissions();
  const [selected, setSelected] = useState<string | null>(null);
  if (submissions.isPending) return <Skeleton active />;
  if (submissions.isError)
    return <QueryError error={submissions.error} onRetry={() => submissions.refetch()} />;
  const items = submissions.data.items.filter(
    (s) => s.status !== 'submitted' && s.status !== 'returned',
  );
  const open = pickSubmission(items, selected, ['bureau-approved']);
  return (
    <>
      <PageHeader title={t('feature.redemptionSummary.label')} />
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Card>
          <SubmissionList submissions={items} selected={open?.id ?? null} onSelect={setSelected} />
        </Card>
        {open ? <Aggregate key={open.id} submission={open} /> : null}
      </Space>
    </>
  );
}

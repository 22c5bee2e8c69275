import { CheckCircleTwoTone, CloseCircleTwoTone, EyeOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Row,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { ReviewStatus } from '../../api/enterprise';
import { describeError } from '../../api/errors';
import {
  approveCertification,
  type CertificationQueueItem,
  certificationReviewsKey,
  type RevealField,
  type ReviewCertificationRound,
  returnCertification,
  revealCertificationField,
  useCertificationQueue,
  useCertificationReview,
} from '../../api/reviews';
import { DocumentViewer } from '../../components/files/DocumentViewer';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { useStarName } from '../../lib/stars';
import { formatDateTime } from '../../lib/time';
import { ReviewDecision } from './ReviewDecision';
import { ReviewQueue } from './ReviewQueue';

const STATUS_COLOR = { submitted: 'processing', returned: 'warning', approved: 'success' } as const;

export function Check({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return (
    <Space size={6} align="start">
      {ok ? (
        <CheckCircleTwoTone twoToneColor="#52c41a" />
      ) : (
        <CloseCircleTwoTone twoToneColor="#ff4d4f" />
      )}
      <span>{children}</span>
    </Space>
  );
}

/** A masked personal field with 查看: the full value, once, audited by the server. */
function MaskedField({
  certificationId,
  round,
  field,
}: {
  certificationId: string;
  round: ReviewCertificationRound;
  field: RevealField;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function reveal() {
    setBusy(true);
    try {
      const result = await revealCertificationField(certificationId, round.roundNo, field);
      setValue(result.value);
    } catch (cause) {
      message.error(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }
  if (value !== null) {
    return (
      <Space>
        <Typography.Text copyable data-testid={`review-revealed-${field}`}>
          {value}
        </Typography.Text>
        <Typography.Text type="secondary">{t('review.revealed')}</Typography.Text>
      </Space>
    );
  }
  return (
    <Space>
      <span>{round[field]}</span>
      <Tooltip title={t('review.revealNote')}>
        <Button
          size="small"
          type="link"
          icon={<EyeOutlined />}
          loading={busy}
          onClick={reveal}
          data-testid={`review-reveal-${field}`}
        >
          {t('review.reveal')}
        </Button>
      </Tooltip>
    </Space>
  );
}

function RoundData({
  certificationId,
  round,
}: {
  certificationId: string;
  round: ReviewCertificationRound;
}) {
  const t = useT();
  const differing = new Set(round.listComparison.differences.map((item) => item.field));
  const mark = (field: string, text: string) =>
    differing.has(field) ? (
      <Typography.Text type="danger" strong>
        {text}
      </Typography.Text>
    ) : (
      text
    );
  return (
    <Descriptions column={1} size="small" bordered>
      <Descriptions.Item label={t('cert.enterpriseName')}>
        {mark('enterpriseName', round.enterpriseName)}
      </Descriptions.Item>
      <Descriptions.Item label={t('cert.creditCode')}>
        {mark('creditCode', round.creditCode)}
      </Descriptions.Item>
      <Descriptions.Item label={t('cert.legalRep')}>{round.legalRepresentative}</Descriptions.Item>
      <Descriptions.Item label={t('cert.address')}>{round.address}</Descriptions.Item>
      <Descriptions.Item label={t('cert.contactName')}>{round.contactName}</Descriptions.Item>
      <Descriptions.Item label={t('cert.contactPhone')}>
        <MaskedField certificationId={certificationId} round={round} field="contactPhone" />
      </Descriptions.Item>
      <Descriptions.Item label={t('cert.agentName')}>{round.agentName}</Descriptions.Item>
      <Descriptions.Item label={t('cert.agentId')}>
        <MaskedField certificationId={certificationId} round={round} field="agentIdNumber" />
      </Descriptions.Item>
      <Descriptions.Item label={t('cert.agentMobile')}>
        <MaskedField certificationId={certificationId} round={round} field="agentMobile" />
      </Descriptions.Item>
      <Descriptions.Item label={t('review.submittedAt')}>
        {formatDateTime(round.submittedAt)} · {t('review.by', { name: round.submittedBy.name })}
      </Descriptions.Item>
    </Descriptions>
  );
}

function RoundChecks({ round }: { round: ReviewCertificationRound }) {
  const t = useT();
  const starName = useStarName();
  const { realNameCheck: real, listComparison: list } = round;
  return (
    <Flex vertical gap={8}>
      <Check ok={real.ok}>
        {t('review.realName')}：{real.message}
        <Typography.Text type="secondary">
          {' '}
          （{real.provider} · {formatDateTime(real.checkedAt)}）
        </Typography.Text>
      </Check>
      <Check ok={list.onList && list.nameMatches !== false && list.differences.length === 0}>
        {t('review.listComparison')}：
        {list.onList
          ? t('review.listEntry', {
              year: list.listYear ?? '',
              star: list.star === null || list.star === undefined ? '' : starName(list.star),
              county: list.county ?? '',
              batch: list.batchTitle ?? '',
            })
          : t('review.notOnList')}
      </Check>
      {list.differences.length > 0 ? (
        <Table
          size="small"
          pagination={false}
          rowKey="field"
          dataSource={list.differences}
          data-testid="review-differences"
          columns={[
            {
              title: t('review.differenceField'),
              dataIndex: 'field',
              render: (field: string) => fieldLabel(t, field),
            },
            {
              title: t('review.submittedValue'),
              dataIndex: 'submitted',
              render: (text: string) => <Typography.Text type="danger">{text}</Typography.Text>,
            },
            { title: t('review.listedValue'), dataIndex: 'listed' },
          ]}
        />
      ) : list.onList ? (
        <Typography.Text type="success">{t('review.noDifferences')}</Typography.Text>
      ) : null}
    </Flex>
  );
}

function fieldLabel(t: ReturnType<typeof useT>, field: string): string {
  if (field === 'enterpriseName') return t('cert.enterpriseName');
  if (field === 'creditCode') return t('cert.creditCode');
  return field;
}

function CertificationDetail({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useCertificationReview(id);
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  const { certification } = detail.data;
  const round = certification.rounds[0];
  if (!round) return null;

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: certificationReviewsKey });
  }

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Flex vertical gap={16}>
          {certification.status === 'submitted' ? (
            <Card size="small">
              <ReviewDecision
                name={round.enterpriseName}
                roundNo={round.roundNo}
                onApprove={async () => {
                  await approveCertification(certification.id, round.roundNo);
                  message.success(t('review.approved'));
                  await refresh();
                  onDone();
                }}
                onReturn={async (reason) => {
                  await returnCertification(certification.id, round.roundNo, reason);
                  message.success(t('review.returned'));
                  await refresh();
                  onDone();
                }}
              />
            </Card>
          ) : (
            <Alert
              type={certification.status === 'approved' ? 'success' : 'warning'}
              showIcon
              title={t('review.decided', { decision: t(`status.${certification.status}`) })}
              description={round.reason ?? undefined}
            />
          )}
          <Card size="small" title={t('review.data')}>
            <RoundData certificationId={certification.id} round={round} />
          </Card>
          <Card size="small" title={t('review.checks')}>
            <RoundChecks round={round} />
          </Card>
          <Card size="small" title={t('review.history')}>
            <Timeline
              items={certification.rounds.map((item) => ({
                color:
                  item.decision === 'approved'
                    ? 'success'
                    : item.decision === 'returned'
                      ? 'orange'
                      : 'blue',
                content: (
                  <Flex vertical>
                    <Typography.Text strong>
                      {t('cert.round', { round: item.roundNo })} · {item.enterpriseName}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t('cert.roundSubmitted', { time: formatDateTime(item.submittedAt) })} ·{' '}
                      {item.submittedBy.name}
                    </Typography.Text>
                    {item.decision === 'returned' ? (
                      <Typography.Text type="warning">
                        {t('cert.roundReturned', {
                          time: formatDateTime(item.reviewedAt),
                          reason: item.reason ?? '',
                        })}
                        {item.reviewedBy ? ` · ${item.reviewedBy.name}` : ''}
                      </Typography.Text>
                    ) : item.decision === 'approved' ? (
                      <Typography.Text type="success">
                        {t('cert.roundApproved', { time: formatDateTime(item.reviewedAt) })}
                        {item.reviewedBy ? ` · ${item.reviewedBy.name}` : ''}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Flex>
      </Col>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('review.documents')}>
          <Tabs
            items={[
              {
                key: 'licence',
                label: t('review.licence'),
                children: (
                  <DocumentViewer
                    title={t('review.licence')}
                    url={round.licenceFile.url}
                    mediaType={round.licenceFile.mediaType}
                    name={round.licenceFile.originalName}
                    height={640}
                  />
                ),
              },
              {
                key: 'authorisation',
                label: t('review.authorisation'),
                children: (
                  <DocumentViewer
                    title={t('review.authorisation')}
                    url={round.authorisationFile.url}
                    mediaType={round.authorisationFile.mediaType}
                    name={round.authorisationFile.originalName}
                    height={640}
                  />
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** 认证审核 (第十条): the queue by status, the data beside the documents, 通过 / 退回. */
export default function CertificationReviewsPage() {
  const t = useT();
  const columns: ColumnsType<CertificationQueueItem> = [
    { title: t('review.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('review.creditCode'), dataIndex: 'creditCode' },
    { title: t('review.agent'), dataIndex: 'agentName' },
    {
      title: t('review.round'),
      dataIndex: 'roundNo',
      render: (round: number) => t('review.roundValue', { round }),
    },
    {
      title: t('review.checks'),
      key: 'checks',
      render: (_value, item) => (
        <Space wrap size={4}>
          <Tag color={item.realNameOk ? 'success' : 'error'}>
            {item.realNameOk ? t('review.realNameOk') : t('review.realNameFail')}
          </Tag>
          <Tag color={item.onList ? 'success' : 'warning'}>
            {item.onList ? t('review.onList') : t('review.notOnList')}
          </Tag>
          {item.nameMatches === false ? <Tag color="error">{t('review.nameMismatch')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('review.submittedAt'),
      dataIndex: 'submittedAt',
      render: (time: string) => formatDateTime(time),
    },
    {
      title: t('claim.status'),
      dataIndex: 'status',
      render: (value: ReviewStatus) => (
        <Tag color={STATUS_COLOR[value]}>{t(`status.${value}`)}</Tag>
      ),
    },
  ];

  return (
    <ReviewQueue
      title={t('feature.certificationReviews.label')}
      useQueue={useCertificationQueue}
      columns={columns}
      renderDetail={(id, onDone) => <CertificationDetail id={id} onDone={onDone} />}
    />
  );
}

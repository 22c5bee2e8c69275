import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Card,
  Col,
  Descriptions,
  Flex,
  Row,
  Skeleton,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  approveClaim,
  type Checks,
  type ClaimQueueItem,
  claimReviewsKey,
  returnClaim,
  useClaimQueue,
  useClaimReview,
} from '../../api/reviews';
import { DocumentViewer } from '../../components/files/DocumentViewer';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import { formatDate, formatDateTime, formatWindow } from '../../lib/time';
import { Check } from './CertificationReviewsPage';
import { ReviewDecision } from './ReviewDecision';
import { ReviewQueue } from './ReviewQueue';

const STATUS_COLOR = { submitted: 'processing', returned: 'warning', approved: 'success' } as const;

function ChecksList({ checks }: { checks: Checks }) {
  const t = useT();
  return (
    <Flex vertical gap={8} data-testid="review-checks">
      {checks.items.map((item) => (
        <Check key={item.key} ok={item.ok}>
          {item.ok ? (
            item.message
          ) : (
            <Typography.Text type={item.blocking ? 'danger' : 'warning'}>
              {item.message}
              {item.blocking ? (
                <Tag color="error" style={{ marginLeft: 8 }}>
                  {t('review.blocking')}
                </Tag>
              ) : null}
            </Typography.Text>
          )}
        </Check>
      ))}
    </Flex>
  );
}

function ClaimDetail({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useT();
  const starName = useStarName();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useClaimReview(id);
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  const claim = detail.data;
  const round = claim.rounds[0];
  const cert = claim.certification;

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: claimReviewsKey });
  }
  const nameDiffers =
    claim.entry.enterpriseName !== (cert?.enterpriseName ?? claim.enterprise.name);
  const codeDiffers = claim.entry.creditCode !== (cert?.creditCode ?? claim.enterprise.creditCode);
  const budgetShort = claim.plan !== null && claim.plan.budgetBalance < claim.amount;

  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Flex vertical gap={16}>
          {claim.status === 'submitted' ? (
            <Card size="small">
              <ReviewDecision
                name={claim.enterprise.name}
                roundNo={claim.roundNo}
                onApprove={async () => {
                  try {
                    await approveClaim(claim.id);
                  } catch (cause) {
                    // Refused (budget, window…): the checks beside it are read again, so the
                    // reviewer sees what the refusal saw; the dialog shows the reason.
                    await refresh();
                    throw cause;
                  }
                  message.success(t('review.approved'));
                  await refresh();
                  onDone();
                }}
                onReturn={async (reason) => {
                  await returnClaim(claim.id, reason);
                  message.success(t('review.returned'));
                  await refresh();
                  onDone();
                }}
              />
            </Card>
          ) : (
            <Alert
              type={claim.status === 'approved' ? 'success' : 'warning'}
              showIcon
              title={t('review.decided', { decision: t(`status.${claim.status}`) })}
              description={round?.reason ?? undefined}
            />
          )}
          <Card size="small" title={t('review.checks')}>
            <ChecksList checks={claim.checks} />
          </Card>
          <Card size="small" title={t('review.entry')}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('review.enterprise')}>
                {claim.entry.enterpriseName}
                {nameDiffers ? (
                  <Typography.Text type="danger" strong>
                    {' '}
                    ≠ {cert?.enterpriseName ?? claim.enterprise.name}
                  </Typography.Text>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('review.creditCode')}>
                {claim.entry.creditCode}
                {codeDiffers ? (
                  <Typography.Text type="danger" strong>
                    {' '}
                    ≠ {cert?.creditCode ?? claim.enterprise.creditCode}
                  </Typography.Text>
                ) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('claim.year')}>
                {t('review.listEntry', {
                  year: claim.entry.listYear,
                  star: starName(claim.entry.star),
                  county: `${claim.entry.city}${claim.entry.county}`,
                  batch: claim.entry.batchTitle,
                })}
              </Descriptions.Item>
              <Descriptions.Item label={t('review.amount')}>
                <Typography.Text strong>{formatYuan(claim.amount)}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {claim.plan ? (
            <Card size="small" title={t('review.plan')}>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('plans.title')}>
                  {claim.plan.title ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.window')}>
                  {formatWindow(t, claim.plan.claimOpensAt, claim.plan.claimClosesAt)}
                </Descriptions.Item>
                <Descriptions.Item label={t('review.budgetBalance')}>
                  <Typography.Text type={budgetShort ? 'danger' : undefined} strong={budgetShort}>
                    {formatYuan(claim.plan.budgetBalance)}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Card>
          ) : null}
          {cert ? (
            <Card size="small" title={t('review.certification')}>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('cert.enterpriseName')}>
                  {cert.enterpriseName}
                </Descriptions.Item>
                <Descriptions.Item label={t('cert.creditCode')}>
                  {cert.creditCode}
                </Descriptions.Item>
                <Descriptions.Item label={t('cert.legalRep')}>
                  {cert.legalRepresentative}
                </Descriptions.Item>
                <Descriptions.Item label={t('cert.address')}>{cert.address}</Descriptions.Item>
                <Descriptions.Item label={t('cert.agentName')}>
                  {cert.agentName}（{cert.agentMobileMasked}）
                </Descriptions.Item>
                <Descriptions.Item label={t('claim.status')}>
                  <Tag color={STATUS_COLOR[cert.status]}>{t(`status.${cert.status}`)}</Tag>
                  {formatDate(cert.reviewedAt)}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          ) : null}
          {claim.voucher ? (
            <Card size="small" title={t('review.voucher')}>
              <Typography.Text>
                {formatYuan(claim.voucher.amount)} · {formatDate(claim.voucher.grantedAt)}
              </Typography.Text>
              {claim.voucher.tranches.map((tranche) => (
                <div key={tranche.seq}>
                  {t('tranche.seqValue', { seq: tranche.seq })}：{formatYuan(tranche.amount)}（
                  {formatDate(tranche.activeFrom)} – {formatDate(tranche.expiresAt)}）
                </div>
              ))}
            </Card>
          ) : null}
          <Card size="small" title={t('review.history')}>
            <Timeline
              items={claim.rounds.map((item) => ({
                color:
                  item.decision === 'approved'
                    ? 'success'
                    : item.decision === 'returned'
                      ? 'orange'
                      : 'blue',
                content: (
                  <Flex vertical>
                    <Typography.Text strong>
                      {t('cert.round', { round: item.roundNo })} ·{' '}
                      {t('cert.roundSubmitted', { time: formatDateTime(item.submittedAt) })}
                      {item.submittedBy ? ` · ${item.submittedBy}` : ''}
                    </Typography.Text>
                    <Typography.Link href={item.contract.url} target="_blank" rel="noreferrer">
                      {t('claim.contractFile', { name: item.contract.originalName })}
                    </Typography.Link>
                    {item.decision === 'returned' ? (
                      <Typography.Text type="warning">
                        {t('cert.roundReturned', {
                          time: formatDateTime(item.reviewedAt),
                          reason: item.reason ?? '',
                        })}
                        {item.reviewedBy ? ` · ${item.reviewedBy}` : ''}
                      </Typography.Text>
                    ) : item.decision === 'approved' ? (
                      <Typography.Text type="success">
                        {t('cert.roundApproved', { time: formatDateTime(item.reviewedAt) })}
                        {item.reviewedBy ? ` · ${item.reviewedBy}` : ''}
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
                key: 'contract',
                label: t('review.contract'),
                children: (
                  <DocumentViewer
                    title={t('review.contract')}
                    url={round?.contract.url}
                    mediaType={round?.contract.mediaType}
                    name={round?.contract.originalName}
                    height={640}
                  />
                ),
              },
              {
                key: 'licence',
                label: t('review.licence'),
                children: (
                  <DocumentViewer
                    title={t('review.licence')}
                    url={cert?.licenceFileUrl}
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
                    url={cert?.authorisationFileUrl}
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

/** 认领审核 (第十条): claims with the platform's checks, the contract beside the data. */
export default function ClaimReviewsPage() {
  const t = useT();
  const starName = useStarName();
  const columns: ColumnsType<ClaimQueueItem> = [
    { title: t('review.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('review.creditCode'), dataIndex: 'creditCode' },
    { title: t('claim.year'), dataIndex: 'listYear' },
    {
      title: t('claim.star'),
      dataIndex: 'star',
      render: (star: number) => starName(star),
    },
    {
      title: t('claim.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (fen: number) => formatYuan(fen),
    },
    {
      title: t('review.round'),
      dataIndex: 'roundNo',
      render: (round: number) => t('review.roundValue', { round }),
    },
    {
      title: t('review.checks'),
      dataIndex: 'checksOk',
      render: (ok: boolean) => (
        <Tag color={ok ? 'success' : 'error'}>
          {ok ? t('review.checksOk') : t('review.checksFail')}
        </Tag>
      ),
    },
    {
      title: t('review.submittedAt'),
      dataIndex: 'submittedAt',
      render: (time: string) => formatDateTime(time),
    },
  ];

  return (
    <ReviewQueue
      title={t('feature.claimReviews.label')}
      useQueue={useClaimQueue}
      columns={columns}
      renderDetail={(id, onDone) => <ClaimDetail id={id} onDone={onDone} />}
    />
  );
}

import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Modal,
  Row,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  type Claim,
  claimsKey,
  type Offer,
  resubmitClaim,
  type StoredFile,
  submitClaim,
  uploadContract,
  useOffers,
  useOwnCertification,
  useOwnClaims,
} from '../../api/enterprise';
import { describeError } from '../../api/errors';
import { DocumentUpload } from '../../components/files/DocumentUpload';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import { formatDate, formatDateTime, formatWindow } from '../../lib/time';

const STATUS_COLOR = { submitted: 'processing', returned: 'warning', approved: 'success' } as const;

type Target = { kind: 'submit'; offer: Offer } | { kind: 'resubmit'; claim: Claim };

/** Upload the service contract and submit (or resubmit) the claim. */
function ClaimModal({ target, onClose }: { target: Target; onClose: () => void }) {
  const t = useT();
  const starName = useStarName();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [contract, setContract] = useState<StoredFile | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    if (!contract) {
      setError(t('claim.contractRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (target.kind === 'submit') await submitClaim(target.offer.entryId, contract.id);
      else await resubmitClaim(target.claim.id, contract.id);
      message.success(t('claim.submitted'));
      await queryClient.invalidateQueries({ queryKey: claimsKey });
      onClose();
    } catch (cause) {
      setError(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  const title =
    target.kind === 'submit'
      ? t('claim.modalTitle', {
          year: target.offer.listYear,
          star: starName(target.offer.star),
          amount: formatYuan(target.offer.amount),
        })
      : t('claim.resubmitTitle', {
          year: target.claim.listYear,
          star: starName(target.claim.star),
        });

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={busy}
          disabled={!contract}
          onClick={submit}
          data-testid="claim-submit"
        >
          {t('claim.submit')}
        </Button>,
      ]}
    >
      {target.kind === 'submit' && target.offer.claimInstructions ? (
        <Alert
          type="info"
          title={t('claim.instructions')}
          description={
            <div style={{ whiteSpace: 'pre-wrap' }}>{target.offer.claimInstructions}</div>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {target.kind === 'resubmit' ? (
        <Alert
          type="warning"
          showIcon
          title={t('claim.returnReason', { reason: target.claim.rounds[0]?.reason ?? '' })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Typography.Paragraph>{t('claim.contractHint')}</Typography.Paragraph>
      <Typography.Text strong>{t('claim.contract')}</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <DocumentUpload
          value={contract}
          onChange={setContract}
          upload={uploadContract}
          testId="claim-contract-upload"
        />
      </div>
      {error ? (
        <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 16 }} />
      ) : null}
    </Modal>
  );
}

function OfferCard({ offer, onClaim }: { offer: Offer; onClaim: () => void }) {
  const t = useT();
  const starName = useStarName();
  return (
    <Card
      data-testid={`claim-offer-${offer.entryId}`}
      title={t('voucher.cardTitle', {
        year: offer.listYear,
        star: starName(offer.star),
      })}
      extra={
        offer.claim ? (
          <Tag color={STATUS_COLOR[offer.claim.status]}>{t(`status.${offer.claim.status}`)}</Tag>
        ) : (
          <Button
            type="primary"
            disabled={!offer.windowOpen}
            onClick={onClaim}
            data-testid="claim-start"
          >
            {t('claim.start')}
          </Button>
        )
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('claim.year')}>{offer.listYear}</Descriptions.Item>
        <Descriptions.Item label={t('claim.star')}>{starName(offer.star)}</Descriptions.Item>
        <Descriptions.Item label={t('claim.amount')}>
          <Typography.Text strong>{formatYuan(offer.amount)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('claim.window')}>
          {formatWindow(t, offer.claimOpensAt, offer.claimClosesAt)}
          {offer.windowOpen ? null : (
            <Tag color="default" style={{ marginLeft: 8 }}>
              {t('claim.windowClosed')}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('claim.instructions')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{offer.claimInstructions}</span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function ClaimCard({ claim, onResubmit }: { claim: Claim; onResubmit: () => void }) {
  const t = useT();
  const starName = useStarName();
  return (
    <Card
      size="small"
      data-testid={`claim-${claim.id}`}
      title={`${t('voucher.cardTitle', { year: claim.listYear, star: starName(claim.star) })} · ${formatYuan(claim.amount)}`}
      extra={
        <Tag color={STATUS_COLOR[claim.status]} data-testid="claim-status">
          {t(`status.${claim.status}`)}
        </Tag>
      }
    >
      {claim.status === 'approved' ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={formatDate(claim.approvedAt)}
          action={
            <Link to="../vouchers" relative="path" data-testid="claim-vouchers-link">
              {t('claim.approvedLink')}
            </Link>
          }
        />
      ) : null}
      {claim.status === 'returned' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('claim.returnReason', { reason: claim.rounds[0]?.reason ?? '' })}
          action={
            <Button size="small" type="primary" onClick={onResubmit} data-testid="claim-resubmit">
              {t('claim.resubmit')}
            </Button>
          }
        />
      ) : null}
      <Typography.Text type="secondary">{t('claim.rounds')}</Typography.Text>
      <Timeline
        style={{ marginTop: 12 }}
        items={claim.rounds.map((round) => ({
          color:
            round.decision === 'approved'
              ? 'success'
              : round.decision === 'returned'
                ? 'orange'
                : 'blue',
          content: (
            <Flex vertical gap={2}>
              <Typography.Text>
                {t('cert.round', { round: round.roundNo })} ·{' '}
                {t('cert.roundSubmitted', { time: formatDateTime(round.submittedAt) })}
              </Typography.Text>
              <Typography.Link href={round.contract.url} target="_blank" rel="noreferrer">
                {t('claim.contractFile', { name: round.contract.originalName })}
              </Typography.Link>
              {round.decision === 'returned' ? (
                <Typography.Text type="warning">
                  {t('cert.roundReturned', {
                    time: formatDateTime(round.reviewedAt),
                    reason: round.reason ?? '',
                  })}
                </Typography.Text>
              ) : round.decision === 'approved' ? (
                <Typography.Text type="success">
                  {t('cert.roundApproved', { time: formatDateTime(round.reviewedAt) })}
                </Typography.Text>
              ) : (
                <Typography.Text>{t('cert.roundPending')}</Typography.Text>
              )}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}

/** 认领资源券 (第九条、第十条): the offers from the published list, the contract, the claims. */
export default function ClaimPage() {
  const t = useT();
  const certification = useOwnCertification();
  const offers = useOffers();
  const claims = useOwnClaims();
  const [target, setTarget] = useState<Target | null>(null);

  if (certification.isPending || offers.isPending || claims.isPending) return <Skeleton active />;
  if (certification.isError)
    return <QueryError error={certification.error} onRetry={() => certification.refetch()} />;

  const certified = certification.data.certification?.status === 'approved';
  if (!certified) {
    return (
      <>
        <PageHeader title={t('feature.claim.label')} />
        <Alert
          type="warning"
          showIcon
          title={t('claim.notCertified')}
          data-testid="claim-not-certified"
          action={
            <Link to="../certification" relative="path">
              {t('claim.goCert')}
            </Link>
          }
        />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('feature.claim.label')} />
      <Typography.Title level={5}>{t('claim.offers')}</Typography.Title>
      {offers.isError ? (
        <QueryError error={offers.error} onRetry={() => offers.refetch()} />
      ) : offers.data.offers.length === 0 ? (
        <Card style={{ marginBottom: 24 }}>
          <Empty description={offers.data.hint ?? t('claim.noOffers')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]} style={{ marginBottom: 24 }}>
          {offers.data.offers.map((offer) => (
            <Col key={offer.entryId} xs={24} lg={12}>
              <OfferCard offer={offer} onClaim={() => setTarget({ kind: 'submit', offer })} />
            </Col>
          ))}
        </Row>
      )}
      <Typography.Title level={5}>{t('claim.mine')}</Typography.Title>
      {claims.isError ? (
        <QueryError error={claims.error} onRetry={() => claims.refetch()} />
      ) : claims.data.items.length === 0 ? (
        <Card>
          <Empty description={t('claim.noClaims')} />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          {claims.data.items.map((claim) => (
            <ClaimCard
              key={claim.id}
              claim={claim}
              onResubmit={() => setTarget({ kind: 'resubmit', claim })}
            />
          ))}
        </Flex>
      )}
      {target ? <ClaimModal target={target} onClose={() => setTarget(null)} /> : null}
    </>
  );
}

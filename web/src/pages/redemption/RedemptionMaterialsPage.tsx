import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import {
  buildDocumentPath,
  type RedemptionBuild,
  redemptionKey,
  startBuild,
  submitPackage,
  useBuild,
  useRedemptionYears,
} from '../../api/redemption';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import { formatDateTime } from '../../lib/time';
import { useFormSubmission } from '../../lib/useFormSubmission';
import { DownloadButton, StatusTag, SubmissionSummary } from './parts';

/** The build's progress while it runs, its figures and documents once done. */
function BuildCard({ build }: { build: RedemptionBuild }) {
  const t = useT();
  const starName = useStarName();
  const live = useBuild(build.status === 'queued' || build.status === 'running' ? build.id : null);
  const current = live.data?.build ?? build;
  const queryClient = useQueryClient();
  if (live.data && live.data.build.status !== build.status && live.data.build.status === 'done') {
    void queryClient.invalidateQueries({ queryKey: [...redemptionKey, 'years'] });
  }
  return (
    <Card
      size="small"
      title={
        <h2 style={{ fontSize: 15, margin: 0 }}>
          {t('redemption.build')} <Tag>{t(`redemption.kind.${current.kind}`)}</Tag>
        </h2>
      }
      extra={
        <Typography.Text type="secondary">
          {t('redemption.asOf', { time: formatDateTime(current.asOf) })}
        </Typography.Text>
      }
    >
      {current.status === 'queued' || current.status === 'running' ? (
        <>
          <Typography.Paragraph>
            {t('redemption.building', { progress: current.progress })}
          </Typography.Paragraph>
          <Progress
            percent={current.progress}
            aria-label={t('redemption.building', { progress: current.progress })}
            data-testid="build-progress"
          />
        </>
      ) : current.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          title={t('redemption.buildFailed', { code: current.errorCode ?? '' })}
        />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('redemption.vouchers')} value={current.voucherCount ?? 0} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('redemption.deducted')}
                value={formatYuan(current.totals?.deducted ?? 0)}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('redemption.reversed')}
                value={formatYuan(current.totals?.reversed ?? 0)}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('redemption.net')} value={formatYuan(current.netWriteOff ?? 0)} />
            </Col>
          </Row>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            {Object.entries(current.totals?.byStar ?? {}).map(([star, row]) => (
              <Descriptions.Item key={star} label={starName(Number(star))}>
                {formatYuan(row.net)}（{row.vouchers}）
              </Descriptions.Item>
            ))}
          </Descriptions>
          {(current.exceptionCount ?? 0) > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={`${t('redemption.exceptions')}：${current.exceptionCount}`}
            />
          ) : null}
          <Space wrap>
            <DownloadButton
              path={buildDocumentPath(current.id, 'xlsx')}
              label={t('redemption.workbook')}
              testId="build-xlsx"
            />
            <DownloadButton
              path={buildDocumentPath(current.id, 'pdf')}
              label={t('redemption.pdf')}
              testId="build-pdf"
            />
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {t('redemption.sha256', {
              hash: `Excel ${current.workbook?.sha256 ?? '—'} · PDF ${current.pdf?.sha256 ?? '—'}`,
            })}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}

function SubmitModal({
  year,
  build,
  declaration,
  onClose,
}: {
  year: number;
  build: RedemptionBuild;
  declaration: string;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ password: string; totpCode?: string; agree: boolean }>();
  const { busy, error, run } = useFormSubmission(form);
  async function submit() {
    const values = await form.validateFields();
    await run(async () => {
      await submitPackage(year, {
        buildId: build.id,
        password: values.password,
        totpCode: values.totpCode?.trim() || undefined,
        declaration: true,
      });
      message.success(t('redemption.submitted'));
      await queryClient.invalidateQueries({ queryKey: redemptionKey });
      onClose();
    });
  }
  return (
    <Modal
      open
      title={t('redemption.submitTitle', { year })}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
      okText={t('redemption.submit')}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Card size="small" title={t('redemption.promise')} style={{ marginBottom: 12 }}>
        {declaration}
      </Card>
      <Form form={form} layout="vertical">
        <Form.Item
          name="agree"
          valuePropName="checked"
          rules={[
            {
              validator: (_, value) =>
                value ? Promise.resolve() : Promise.reject(new Error(t('common.required'))),
            },
          ]}
        >
          <Checkbox data-testid="submit-agree">{t('redemption.agree')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="password"
          label={t('redemption.password')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="submit-password" />
        </Form.Item>
        <Form.Item name="totpCode" label={t('redemption.totp')} extra={t('redemption.totpHint')}>
          <Input
            inputMode="numeric"
            maxLength={6}
            autoComplete="one-time-code"
            data-testid="submit-totp"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 兑现材料 (第十五条): generate the year's package, check it, attest and submit; follow the chain. */
export default function RedemptionMaterialsPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const canSubmit = me?.permissions.includes('redemption.submit') ?? false;
  const years = useRedemptionYears();
  const [picked, setPicked] = useState<number | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [starting, setStarting] = useState(false);

  if (years.isPending) return <Skeleton active />;
  if (years.isError) return <QueryError error={years.error} onRetry={() => years.refetch()} />;
  const list = years.data.years;
  const year = list.find((entry) => entry.year === picked) ?? list[0];
  if (!year) return <Empty description={t('redemption.noBuild')} />;
  const open = year.submissions.find((s) => s.status !== 'returned');
  const build = year.latestBuild;
  const running = build?.status === 'queued' || build?.status === 'running';

  async function generate(kind: 'preview' | 'final') {
    if (!year) return;
    setStarting(true);
    try {
      await startBuild(year.year, kind);
      await queryClient.invalidateQueries({ queryKey: redemptionKey });
    } catch (error) {
      message.error(describeError(t, error));
    } finally {
      setStarting(false);
    }
  }

  return (
    <>
      <PageHeader
        title={t('feature.redemptionMaterials.label')}
        extra={
          <Select
            aria-label={t('redemption.years')}
            value={year.year}
            onChange={setPicked}
            style={{ width: 180 }}
            options={list.map((entry) => ({
              value: entry.year,
              label: `${t('redemption.year', { year: entry.year })} · ${entry.ended ? t('redemption.ended') : t('redemption.current')}`,
            }))}
            data-testid="redemption-year"
          />
        }
      />
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Card size="small">
          <Space wrap align="center">
            <Statistic title={t('redemption.ledgerNet')} value={formatYuan(year.netWriteOff)} />
            <Button
              onClick={() => generate('preview')}
              loading={starting}
              disabled={running}
              data-testid="build-preview"
            >
              {t('redemption.preview')}
            </Button>
            <Button
              type="primary"
              onClick={() => generate('final')}
              loading={starting}
              disabled={running || !year.ended || open !== undefined}
              data-testid="build-final"
            >
              {t('redemption.final')}
            </Button>
            {build?.kind === 'final' && build.status === 'done' && !open ? (
              canSubmit ? (
                <Button
                  type="primary"
                  onClick={() => setSubmitting(true)}
                  data-testid="redemption-submit"
                >
                  {t('redemption.submit')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('redemption.onlyAdmin')}</Typography.Text>
              )
            ) : null}
          </Space>
        </Card>
        {build ? (
          <BuildCard key={build.id} build={build} />
        ) : (
          <Empty description={t('redemption.noBuild')} />
        )}
        {year.submissions.length > 0 ? (
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('redemption.rounds')}</h2>}>
            <Space direction="vertical" style={{ width: '100%' }} size={16}>
              {year.submissions.map((submission) => (
                <Card
                  key={submission.id}
                  size="small"
                  title={
                    <>
                      {t('redemption.round', { round: submission.roundNo })}{' '}
                      <StatusTag status={submission.status} />
                    </>
                  }
                >
                  <SubmissionSummary submission={submission} />
                </Card>
              ))}
            </Space>
          </Card>
        ) : null}
      </Space>
      {submitting && build ? (
        <SubmitModal
          year={year.year}
          build={build}
          declaration={years.data.declaration}
          onClose={() => setSubmitting(false)}
        />
      ) : null}
    </>
  );
}

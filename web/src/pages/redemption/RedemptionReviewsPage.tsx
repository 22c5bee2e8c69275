import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Radio,
  Skeleton,
  Space,
} from 'antd';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import {
  acceptCleanLines,
  approveSubmission,
  decideLine,
  type RedemptionLine,
  type RedemptionSubmission,
  redemptionKey,
  useSubmissionLines,
  useSubmissions,
} from '../../api/redemption';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan, parseYuanToFen } from '../../lib/money';
import { useFormSubmission } from '../../lib/useFormSubmission';
import {
  LinesTable,
  pickSubmission,
  ReturnButton,
  SubmissionList,
  SubmissionSummary,
  TotpActionButton,
} from './parts';

function DecideModal({
  submission,
  line,
  onClose,
}: {
  submission: RedemptionSubmission;
  line: RedemptionLine;
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{
    decision: 'accept' | 'reject' | 'reduce';
    recognised?: string;
    reason?: string;
  }>();
  const decision = Form.useWatch('decision', form);
  const { busy, error, run } = useFormSubmission(form);
  async function submit() {
    const values = await form.validateFields();
    await run(async () => {
      await decideLine(submission.id, line.lineNo, {
        decision: values.decision,
        reason: values.reason?.trim() || undefined,
        recognised:
          values.decision === 'reduce'
            ? (parseYuanToFen(values.recognised ?? '') ?? undefined)
            : undefined,
      });
      await queryClient.invalidateQueries({ queryKey: redemptionKey });
      onClose();
    });
  }
  return (
    <Modal
      open
      title={`${line.enterpriseName} · ${formatYuan(line.netWriteOff)}`}
      onOk={submit}
      confirmLoading={busy}
      onCancel={onClose}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: line.decision?.decision ?? 'accept' }}
      >
        <Form.Item name="decision" label={t('redemption.decision')}>
          <Radio.Group
            options={(['accept', 'reduce', 'reject'] as const).map((value) => ({
              value,
              label: t(`redemption.decision.${value}`),
            }))}
          />
        </Form.Item>
        {decision === 'reduce' ? (
          <Form.Item
            name="recognised"
            label={t('redemption.reduceTo')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input inputMode="decimal" data-testid="decide-amount" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="reason"
          label={t('redemption.reason')}
          rules={
            decision && decision !== 'accept'
              ? [{ required: true, whitespace: true, message: t('common.required') }]
              : []
          }
        >
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="decide-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Review({
  submission,
  canApprove,
}: {
  submission: RedemptionSubmission;
  canApprove: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [cursors, setCursors] = useState<number[]>([0]);
  const [exceptionsOnly, setExceptionsOnly] = useState(false);
  const [deciding, setDeciding] = useState<RedemptionLine | null>(null);
  const lines = useSubmissionLines(submission.id, cursors.at(-1) ?? 0, exceptionsOnly);
  const reviewing = submission.status === 'submitted';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <SubmissionSummary submission={submission} />
      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('redemption.lines')}</h2>}
        extra={
          <Space wrap>
            <Checkbox
              checked={exceptionsOnly}
              onChange={(event) => {
                setExceptionsOnly(event.target.checked);
                setCursors([0]);
              }}
            >
              {t('redemption.exceptionsOnly')}
            </Checkbox>
            {reviewing ? (
              <Button
                data-testid="accept-clean"
                onClick={async () => {
                  try {
                    const result = await acceptCleanLines(submission.id);
                    message.success(t('redemption.acceptedClean', { count: result.accepted }));
                    await queryClient.invalidateQueries({ queryKey: redemptionKey });
                  } catch (error) {
                    message.error(describeError(t, error));
                  }
                }}
              >
                {t('redemption.acceptClean')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {lines.isError ? (
          <QueryError error={lines.error} onRetry={() => lines.refetch()} />
        ) : (
          <LinesTable
            lines={lines.data?.lines ?? []}
            buildId={submission.buildId}
            loading={lines.isFetching}
            actions={
              reviewing
                ? (line) => (
                    <Button
                      size="small"
                      onClick={() => setDeciding(line)}
                      data-testid={`decide-${line.lineNo}`}
                    >
                      {t('redemption.decision')}
                    </Button>
                  )
                : undefined
            }
          />
        )}
        <Space style={{ marginTop: 12 }}>
          <Button disabled={cursors.length === 1} onClick={() => setCursors([0])}>
            {t('redemption.first')}
          </Button>
          <Button
            disabled={!lines.data?.nextCursor}
            onClick={() =>
              lines.data?.nextCursor && setCursors([...cursors, lines.data.nextCursor])
            }
          >
            {t('redemption.more')}
          </Button>
        </Space>
      </Card>
      {reviewing && canApprove ? (
        <Space>
          <TotpActionButton
            label={t('redemption.approve')}
            done={t('redemption.approved')}
            testId="bureau-approve"
            act={(code) => approveSubmission(submission.id, submission.version, code)}
          />
          <ReturnButton submission={submission} />
        </Space>
      ) : null}
      {deciding ? (
        <DecideModal submission={submission} line={deciding} onClose={() => setDeciding(null)} />
      ) : null}
    </Space>
  );
}

/** 兑现审核 (第十六条): line by line against the star list and the policy; approve or return. */
export default function RedemptionReviewsPage() {
  const t = useT();
  const { data: me } = useMe();
  const submissions = useSubmissions();
  const [selected, setSelected] = useState<string | null>(null);
  if (submissions.isPending) return <Skeleton active />;
  if (submissions.isError)
    return <QueryError error={submissions.error} onRetry={() => submissions.refetch()} />;
  const open = pickSubmission(submissions.data.items, selected, ['submitted']);
  return (
    <>
      <PageHeader title={t('feature.redemptionReviews.label')} />
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Card>
          <SubmissionList
            submissions={submissions.data.items}
            selected={open?.id ?? null}
            onSelect={setSelected}
          />
        </Card>
        {open ? (
          <Review
            key={open.id}
            submission={open}
            canApprove={me?.permissions.includes('redemption.approve') ?? false}
          />
        ) : null}
      </Space>
    </>
  );
}

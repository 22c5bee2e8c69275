import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { apiDownload, saveBlob } from '../../api/client';
import { describeError } from '../../api/errors';
import {
  type RedemptionLine,
  type RedemptionSubmission,
  redemptionKey,
  returnSubmission,
  useLineTransfers,
} from '../../api/redemption';
import { hasMessage } from '../../i18n/messages';
import { useT } from '../../i18n/useT';
import { categoryLabel, roleLabel } from '../../lib/labels';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import { formatDateTime } from '../../lib/time';
import { useFormSubmission } from '../../lib/useFormSubmission';

/** A stable code's name in the UI's language; the code itself for one the UI does not know. */
function codeLabel(t: ReturnType<typeof useT>, key: string, code: string): string {
  return hasMessage(key) ? t(key) : code;
}

function stepLabel(t: ReturnType<typeof useT>, action: string): string {
  const key = `redemption.step.${action}`;
  return hasMessage(key) ? t(key) : action;
}

const STATUS_COLOURS: Record<RedemptionSubmission['status'], string> = {
  submitted: 'processing',
  returned: 'warning',
  'bureau-approved': 'cyan',
  'sent-to-finance': 'gold',
  'finance-approved': 'purple',
  paid: 'success',
};

export function StatusTag({ status }: { status: RedemptionSubmission['status'] }) {
  const t = useT();
  return <Tag color={STATUS_COLOURS[status]}>{t(`redemption.status.${status}`)}</Tag>;
}

/** Downloads a document through the API (errors shown in the UI's language). */
export function DownloadButton({
  path,
  label,
  testId,
}: {
  path: string;
  label: string;
  testId?: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          const { blob, fileName } = await apiDownload(path);
          saveBlob(blob, fileName ?? label);
        } catch (error) {
          message.error(describeError(t, error));
        } finally {
          setBusy(false);
        }
      }}
    >
      {label}
    </Button>
  );
}

/** A submission's figures, documents' hashes, payment and every step (who, when, comment). */
export function SubmissionSummary({ submission }: { submission: RedemptionSubmission }) {
  const t = useT();
  const lastReturn = [...submission.steps].reverse().find((step) => step.action.endsWith('return'));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {lastReturn && submission.status !== 'paid' ? (
        <Alert
          type="warning"
          showIcon
          title={t('redemption.returnedBy', { reason: lastReturn.comment ?? '' })}
        />
      ) : null}
      {submission.overdue ? <Alert type="error" showIcon title={t('redemption.overdue')} /> : null}
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('redemption.status')}>
          <StatusTag status={submission.status} />{' '}
          {t('redemption.round', { round: submission.roundNo })}
        </Descriptions.Item>
        <Descriptions.Item label={t('redemption.net')}>
          {formatYuan(submission.netWriteOff)}
        </Descriptions.Item>
        <Descriptions.Item label={t('redemption.recognised')}>
          {submission.recognised === null
            ? `${formatYuan(submission.recognisedSoFar)}（${t('redemption.decided', {
                decided: submission.decidedLines,
                lines: submission.lines,
              })}）`
            : formatYuan(submission.recognised)}
        </Descriptions.Item>
        <Descriptions.Item label={t('redemption.exceptions')}>
          {submission.linesWithExceptions}
        </Descriptions.Item>
        {submission.paymentDueOn ? (
          <Descriptions.Item label={t('redemption.paidOn')}>
            {submission.payment
              ? t('redemption.payment', {
                  amount: formatYuan(submission.payment.amount),
                  date: submission.payment.paidOn,
                  reference: submission.payment.reference,
                })
              : t('redemption.dueOn', { date: submission.paymentDueOn })}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label="SHA-256" span={2}>
          <Typography.Text style={{ fontSize: 12, wordBreak: 'break-all' }}>
            Excel {submission.workbookSha256}
            <br />
            PDF {submission.pdfSha256}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('redemption.steps')}</h2>}
      >
        <Timeline
          items={submission.steps.map((step) => ({
            children: (
              <>
                <Typography.Text strong>{stepLabel(t, step.action)}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {step.actorName} · {roleLabel(t, step.actorRole)} · {formatDateTime(step.at)}
                </Typography.Text>
                {step.comment ? <div>{step.comment}</div> : null}
              </>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

/** The deductions and reversals behind one line (the reviewer's drill-down). */
function LineTransfers({ buildId, lineNo }: { buildId: string; lineNo: number }) {
  const t = useT();
  const transfers = useLineTransfers(buildId, lineNo);
  return (
    <Table
      size="small"
      rowKey="id"
      loading={transfers.isPending}
      pagination={false}
      dataSource={transfers.data?.items ?? []}
      columns={[
        {
          title: t('audit.time'),
          dataIndex: 'at',
          render: (value: string) => formatDateTime(value),
        },
        {
          title: t('redemption.transfers'),
          dataIndex: 'type',
          render: (value: string) =>
            value === 'deduction' ? t('redemption.deducted') : t('redemption.reversed'),
        },
        { title: 'No.', dataIndex: 'orderNo' },
        {
          title: t('writeOff.category'),
          dataIndex: 'category',
          render: (value: string) => categoryLabel(t, value),
        },
        {
          title: t('writeOff.amount'),
          dataIndex: 'amount',
          align: 'right',
          render: formatYuan,
        },
      ]}
    />
  );
}

/** The lines of a build, with the decision on each and (for the reviewer) the actions. */
export function LinesTable({
  lines,
  buildId,
  loading,
  actions,
}: {
  lines: RedemptionLine[];
  buildId: string;
  loading?: boolean;
  actions?: (line: RedemptionLine) => React.ReactNode;
}) {
  const t = useT();
  const starName = useStarName();
  return (
    <Table<RedemptionLine>
      size="small"
      rowKey="lineNo"
      loading={loading}
      dataSource={lines}
      pagination={false}
      scroll={{ x: 'max-content' }}
      expandable={{
        expandedRowRender: (line) => <LineTransfers buildId={buildId} lineNo={line.lineNo} />,
      }}
      columns={[
        { title: t('redemption.lineNo'), dataIndex: 'lineNo' },
        {
          title: t('redemption.enterprise'),
          key: 'enterprise',
          render: (_, line) => (
            <>
              {line.enterpriseName}
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {line.creditCode}
              </Typography.Text>
            </>
          ),
        },
        { title: t('redemption.star'), dataIndex: 'star', render: starName },
        { title: t('redemption.listYear'), dataIndex: 'listYear' },
        {
          title: t('redemption.granted'),
          dataIndex: 'granted',
          align: 'right',
          render: formatYuan,
        },
        {
          title: t('redemption.net'),
          dataIndex: 'netWriteOff',
          align: 'right',
          render: formatYuan,
        },
        {
          title: t('redemption.exceptions'),
          dataIndex: 'exceptionCodes',
          render: (codes: string[], line) =>
            codes.length === 0 && line.warningCodes.length === 0 ? (
              '—'
            ) : (
              <>
                {codes.map((code) => (
                  <Tag key={code} color="error" title={code}>
                    {codeLabel(t, `redemption.exception.${code}`, code)}
                  </Tag>
                ))}
                {line.warningCodes.map((code) => (
                  <Tag
                    key={code}
                    color="warning"
                    title={`${t('redemption.warnings')} · ${t('redemption.warningHint')}`}
                  >
                    {t('redemption.warnings')}：{codeLabel(t, `redemption.warning.${code}`, code)}
                  </Tag>
                ))}
              </>
            ),
        },
        {
          title: t('redemption.decision'),
          key: 'decision',
          render: (_, line) =>
            line.decision ? (
              <>
                {t(`redemption.decision.${line.decision.decision}`)}{' '}
                {formatYuan(line.decision.recognised)}
                {line.decision.reason ? (
                  <div>
                    <Typography.Text type="secondary">{line.decision.reason}</Typography.Text>
                  </div>
                ) : null}
              </>
            ) : (
              <Typography.Text type="secondary">{t('redemption.undecided')}</Typography.Text>
            ),
        },
        ...(actions
          ? [
              {
                title: t('redemption.actions'),
                key: 'actions',
                render: (_: unknown, line: RedemptionLine) => actions(line),
              },
            ]
          : []),
      ]}
    />
  );
}

/** Returns a submission to the previous department, with a reason. */
export function ReturnButton({ submission }: { submission: RedemptionSubmission }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, run } = useFormSubmission(form);
  async function submit() {
    const { reason } = await form.validateFields();
    await run(async () => {
      await returnSubmission(submission.id, submission.version, reason.trim());
      message.success(t('redemption.returned'));
      await queryClient.invalidateQueries({ queryKey: redemptionKey });
      setOpen(false);
    });
  }
  return (
    <>
      <Button danger onClick={() => setOpen(true)} data-testid="redemption-return">
        {t('redemption.return')}
      </Button>
      <Modal
        open={open}
        title={t('redemption.return')}
        onOk={submit}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('redemption.returnReason')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={500}
              showCount
              data-testid="redemption-return-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/**
 * A step that needs the authenticator (Data Bureau approval, Finance approval): asks for the
 * code, then runs `act`; errors in the UI's language.
 */
export function TotpActionButton({
  label,
  act,
  done,
  testId,
}: {
  label: string;
  act: (totpCode: string | undefined) => Promise<unknown>;
  done: string;
  testId: string;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await act(code.trim() || undefined);
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: redemptionKey });
      setOpen(false);
    } catch (cause) {
      setError(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <Modal
        open={open}
        title={t('redemption.confirmTitle')}
        onOk={submit}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <label htmlFor={`${testId}-totp`}>{t('redemption.totp')}</label>
        <Input
          id={`${testId}-totp`}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          inputMode="numeric"
          maxLength={6}
          autoComplete="one-time-code"
          data-testid={`${testId}-totp`}
        />
        <Typography.Text type="secondary">{t('redemption.totpHint')}</Typography.Text>
      </Modal>
    </>
  );
}

/** The submissions a department works on: its queue first, every year's rounds on request. */
export function SubmissionList({
  submissions,
  selected,
  onSelect,
}: {
  submissions: RedemptionSubmission[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const t = useT();
  return (
    <Table<RedemptionSubmission>
      size="small"
      rowKey="id"
      dataSource={submissions}
      pagination={false}
      locale={{ emptyText: t('redemption.noSubmissions') }}
      rowClassName={(row) => (row.id === selected ? 'ant-table-row-selected' : '')}
      columns={[
        {
          title: t('redemption.years'),
          dataIndex: 'settlementYear',
          render: (year: number) => t('redemption.year', { year }),
        },
        {
          title: t('redemption.rounds'),
          dataIndex: 'roundNo',
          render: (round: number) => t('redemption.round', { round }),
        },
        {
          title: t('redemption.status'),
          dataIndex: 'status',
          render: (status: RedemptionSubmission['status']) => <StatusTag status={status} />,
        },
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
          render: (value: number | null) => (value === null ? '—' : formatYuan(value)),
        },
        {
          title: t('redemption.actions'),
          key: 'open',
          render: (_, row) => (
            <Button
              type="link"
              size="small"
              onClick={() => onSelect(row.id)}
              data-testid={`open-${row.settlementYear}-${row.roundNo}`}
            >
              {t('redemption.open')}
            </Button>
          ),
        },
      ]}
    />
  );
}

/** Which submission is open: the one picked, else the first of the department's queue. */
export function pickSubmission(
  submissions: RedemptionSubmission[],
  selected: string | null,
  queue: ReadonlyArray<RedemptionSubmission['status']>,
): RedemptionSubmission | undefined {
  return (
    submissions.find((s) => s.id === selected) ??
    submissions.find((s) => queue.includes(s.status)) ??
    submissions[0]
  );
}

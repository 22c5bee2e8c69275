import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { applyFieldErrors, describeError } from '../../api/errors';
import {
  type DraftInput,
  monthlyReportsKey,
  type ReportDetail,
  saveDraft,
  submitReport,
  useReportDetail,
  useReportList,
} from '../../api/monthlyReports';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { withoutFinalStop } from '../../lib/text';
import { businessYear } from '../../lib/time';
import type { MessageKey } from '../../locales/zh-CN';
import {
  ComputedPartsView,
  RoundsHistory,
  reportListColumns,
  StatusTag,
  Timeliness,
  USAGE_FIELDS,
  UsageFiguresTable,
} from './ReportParts';

type FormValues = Record<string, string | number | null | undefined> & { commentary?: string };

/** Part (a) and the commentary, editable while a draft or returned. */
function DraftForm({ report, canSubmit }: { report: ReportDetail; canSubmit: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    form.setFieldsValue({ ...report.usage, commentary: report.commentary });
  }, [form, report]);

  const input = (values: FormValues): DraftInput => {
    const body: DraftInput = { commentary: values.commentary ?? '' };
    for (const { key } of USAGE_FIELDS) {
      const value = values[key];
      if (key === 'securityInstances') {
        body.securityInstances = typeof value === 'number' ? value : null;
      } else {
        const text = typeof value === 'string' ? value.trim() : value == null ? '' : String(value);
        body[key] = text === '' ? null : text;
      }
    }
    return body;
  };

  async function save(thenSubmit: boolean) {
    const values = await form.validateFields();
    setBusy(thenSubmit ? 'submit' : 'save');
    setError(null);
    try {
      await saveDraft(report.month, input(values));
      if (thenSubmit) {
        await submitReport(report.month);
        message.success(t('report.submitted'));
      } else {
        message.success(t('report.saved'));
      }
    } catch (cause) {
      applyFieldErrors(form, cause);
      setError(describeError(t, cause));
    } finally {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: monthlyReportsKey });
    }
  }

  const returned = report.status === 'returned' ? report.rounds.at(-1) : undefined;
  const canSubmitNow = canSubmit && report.monthState === 'ended';
  return (
    <Card size="small" title={t('report.partA')} data-testid="report-draft-form">
      {returned?.reason ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="report-returned-alert"
          title={t('report.returnedAlert', { reason: withoutFinalStop(returned.reason) })}
        />
      ) : null}
      <Form form={form} layout="vertical">
        <Row gutter={16}>
          {USAGE_FIELDS.map(({ key, scale }) => (
            <Col xs={24} md={12} lg={8} key={key}>
              <Form.Item
                name={key}
                label={t(`report.usage.${key}` as MessageKey)}
                rules={
                  scale === 0
                    ? []
                    : [
                        {
                          pattern: new RegExp(`^\\s*\\d{1,12}(\\.\\d{1,${scale}})?\\s*$`),
                          message: t('report.numberRule', { scale }),
                        },
                      ]
                }
              >
                {scale === 0 ? (
                  <InputNumber
                    min={0}
                    max={1_000_000}
                    precision={0}
                    style={{ width: '100%' }}
                    data-testid={`report-field-${key}`}
                  />
                ) : (
                  <Input inputMode="decimal" data-testid={`report-field-${key}`} />
                )}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item
          name="commentary"
          label={t('report.commentary')}
          extra={t('report.commentaryHint')}
        >
          <Input.TextArea
            rows={4}
            maxLength={5000}
            showCount
            data-testid="report-field-commentary"
          />
        </Form.Item>
      </Form>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          role="alert"
          data-testid="report-error"
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Space wrap>
        <Button onClick={() => save(false)} loading={busy === 'save'} data-testid="report-save">
          {t('report.saveDraft')}
        </Button>
        {canSubmit ? (
          <Popconfirm
            title={t('report.submitConfirm')}
            onConfirm={() => save(true)}
            okButtonProps={{ 'data-testid': 'report-submit-confirm' }}
            disabled={!canSubmitNow}
          >
            <Button
              type="primary"
              loading={busy === 'submit'}
              disabled={!canSubmitNow}
              data-testid="report-submit"
            >
              {t('report.submit')}
            </Button>
          </Popconfirm>
        ) : null}
        <Typography.Text type="secondary">
          {!canSubmit
            ? t('report.submitAdminOnly')
            : report.monthState === 'current'
              ? t('report.submitAfterMonth')
              : null}
        </Typography.Text>
      </Space>
    </Card>
  );
}

function ReportDetailView({
  month,
  canDraft,
  canSubmit,
}: {
  month: string;
  canDraft: boolean;
  canSubmit: boolean;
}) {
  const t = useT();
  const detail = useReportDetail(month);
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  const report = detail.data;
  const editable =
    canDraft &&
    (report.status === 'draft' || report.status === 'returned' || report.status === 'not-started');
  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="report-detail"
    >
      <Space wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {report.month}
        </Typography.Title>
        <StatusTag status={report.status} />
        <Typography.Text type="secondary">
          {t('report.dueDate')}：{report.dueDate}
        </Typography.Text>
        <Timeliness report={report} />
      </Space>
      {editable ? (
        <DraftForm report={report} canSubmit={canSubmit} />
      ) : (
        <Card size="small" title={t('report.partA')}>
          <UsageFiguresTable usage={report.usage} commentary={report.commentary} />
        </Card>
      )}
      <ComputedPartsView report={report} />
      <RoundsHistory rounds={report.rounds} />
    </Space>
  );
}

/** 月度报告 (第十四条), the operator's side: months of a year, the selected month's report. */
export default function MonthlyReportsPage() {
  const t = useT();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const thisYear = businessYear();
  const year = Number(params.get('year')) || thisYear;
  const month = params.get('month');
  const list = useReportList(year);
  const permissions = me.data?.permissions ?? [];
  const canDraft = permissions.includes('monthly-reports.draft');
  const canSubmit = permissions.includes('monthly-reports.submit');

  const select = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const columns = reportListColumns(t, (month) => select({ month }));

  return (
    <>
      <PageHeader
        title={t('report.title')}
        extra={
          <Select
            value={year}
            aria-label={t('report.year')}
            style={{ width: 120 }}
            data-testid="report-year"
            onChange={(value) => select({ year: String(value), month: null })}
            options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({
              value: y,
              label: String(y),
            }))}
          />
        }
      />
      <Typography.Paragraph type="secondary">
        {t('report.intro', { day: Number(list.data?.items[0]?.dueDate.slice(8, 10) ?? 10) })}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table
            rowKey="month"
            size="small"
            loading={list.isPending}
            columns={columns}
            dataSource={list.data?.items ?? []}
            pagination={false}
            data-testid="report-list"
            scroll={{ x: 'max-content' }}
            rowClassName={(row) => (row.month === month ? 'ant-table-row-selected' : '')}
          />
        )}
      </Card>
      {month ? (
        <ReportDetailView key={month} month={month} canDraft={canDraft} canSubmit={canSubmit} />
      ) : (
        <Empty description={t('report.pickMonth')} />
      )}
    </>
  );
}

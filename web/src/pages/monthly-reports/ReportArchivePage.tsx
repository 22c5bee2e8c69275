import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../api/errors';
import {
  archiveReport,
  monthlyReportsKey,
  returnReport,
  useReportDetail,
  useReportQueue,
} from '../../api/monthlyReports';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { useFormSubmission } from '../../lib/useFormSubmission';
import {
  ComputedPartsView,
  RoundsHistory,
  reportListColumns,
  StatusTag,
  Timeliness,
  UsageFiguresTable,
} from './ReportParts';

function ReturnModal({ month, onClose }: { month: string; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, run } = useFormSubmission(form);
  async function submit() {
    const { reason } = await form.validateFields();
    await run(async () => {
      await returnReport(month, reason.trim());
      message.success(t('report.returnedDone'));
      await queryClient.invalidateQueries({ queryKey: monthlyReportsKey });
      onClose();
    });
  }
  return (
    <Modal
      open
      title={t('report.returnTitle', { month })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ danger: true, 'data-testid': 'report-return-submit' }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('report.returnReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="report-return-reason" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
    </Modal>
  );
}

function ArchiveDetail({ month, canReview }: { month: string; canReview: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useReportDetail(month);
  const [returning, setReturning] = useState(false);
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  const report = detail.data;

  async function archive() {
    try {
      await archiveReport(month);
      message.success(t('report.archived'));
    } catch (cause) {
      message.error(describeError(t, cause));
    } finally {
      await queryClient.invalidateQueries({ queryKey: monthlyReportsKey });
    }
  }

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
        {canReview && report.status === 'submitted' ? (
          <>
            <Popconfirm
              title={t('report.archiveConfirm')}
              onConfirm={archive}
              okButtonProps={{ 'data-testid': 'report-archive-confirm' }}
            >
              <Button type="primary" data-testid="report-archive">
                {t('report.archive')}
              </Button>
            </Popconfirm>
            <Button danger onClick={() => setReturning(true)} data-testid="report-return">
              {t('report.return')}
            </Button>
          </>
        ) : null}
      </Space>
      <Card size="small" title={t('report.partA')}>
        <UsageFiguresTable usage={report.usage} commentary={report.commentary} />
      </Card>
      <ComputedPartsView report={report} />
      <RoundsHistory rounds={report.rounds} />
      {returning ? <ReturnModal month={month} onClose={() => setReturning(false)} /> : null}
    </Space>
  );
}

/** 月度报告 (第十四条), the Data Bureau's side: reports filed, each to archive or return. */
export default function ReportArchivePage() {
  const t = useT();
  const me = useMe();
  const queue = useReportQueue();
  const [params, setParams] = useSearchParams();
  const month = params.get('month');
  const canReview = (me.data?.permissions ?? []).includes('monthly-reports.review');
  const open = (value: string) => {
    const next = new URLSearchParams(params);
    next.set('month', value);
    setParams(next);
  };
  const columns = reportListColumns(t, open);
  return (
    <>
      <PageHeader title={t('report.archiveTitle')} />
      <Card size="small" title={t('report.queue')} style={{ marginBottom: 16 }}>
        {queue.isError ? (
          <QueryError error={queue.error} onRetry={() => queue.refetch()} />
        ) : (
          <Table
            rowKey="month"
            size="small"
            loading={queue.isPending}
            columns={columns}
            dataSource={queue.data?.items ?? []}
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('report.queueEmpty')} /> }}
            data-testid="report-queue"
            scroll={{ x: 'max-content' }}
            rowClassName={(row) => (row.month === month ? 'ant-table-row-selected' : '')}
          />
        )}
      </Card>
      {month ? (
        <ArchiveDetail key={month} month={month} canReview={canReview} />
      ) : (
        <Empty description={t('report.pickMonth')} />
      )}
    </>
  );
}

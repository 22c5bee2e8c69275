import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { apiDownload, isApiError, saveBlob } from '../../api/client';
import { describeError } from '../../api/errors';
import { useMe } from '../../api/session';
import {
  deleteStarListBatch,
  type EntryFilter,
  type ImportReport,
  importStarList,
  previewStarList,
  publishStarListBatch,
  STAR_LIST_EXPORT_PATH,
  STAR_LIST_TEMPLATE_PATH,
  type StarListBatch,
  type StarListEntry,
  starListsKey,
  useStarListBatches,
  useStarListEntries,
  useStarListYears,
} from '../../api/starLists';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { useStarName } from '../../lib/stars';
import { businessYear, formatDateTime } from '../../lib/time';
import { ImportReportTable } from './ImportReportTable';

/** Our words for an import's refusal; the missing columns are named. */
function importError(t: ReturnType<typeof useT>, error: unknown): string {
  const text = describeError(t, error);
  if (isApiError(error, 'STAR_LIST_COLUMNS_MISSING') && Array.isArray(error.body.missing)) {
    return `${text}：${error.body.missing.join('、')}`;
  }
  return text;
}

function reportOf(error: unknown): ImportReport | null {
  if (!isApiError(error)) return null;
  const report = error.body.report;
  return report && typeof report === 'object' ? (report as ImportReport) : null;
}

/** 导入: year, file → preview report → title, confirmation of warnings → import a draft batch. */
function ImportCard({ year, onYear }: { year: number; onYear: (year: number) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [title, setTitle] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The server refused the import because the warnings were not confirmed. */
  const [unconfirmed, setUnconfirmed] = useState(false);

  async function preview(chosen: File) {
    setFile(chosen);
    setReport(null);
    setConfirmed(false);
    setUnconfirmed(false);
    setError(null);
    setTitle((current) => current || t('starList.defaultTitle', { year }));
    setBusy(true);
    try {
      setReport(await previewStarList(chosen, year));
    } catch (cause) {
      setReport(reportOf(cause));
      setError(importError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  async function doImport() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setUnconfirmed(false);
    try {
      const result = await importStarList(file, year, title.trim(), confirmed);
      message.success(
        t('starList.imported', { batchNo: result.batch.batchNo, count: result.batch.entryCount }),
      );
      setFile(null);
      setReport(null);
      setConfirmed(false);
      setTitle('');
      await queryClient.invalidateQueries({ queryKey: starListsKey });
    } catch (cause) {
      // Nothing was saved: the report (judged again on the server) shows why.
      const fromServer = reportOf(cause);
      if (fromServer) setReport(fromServer);
      setUnconfirmed(isApiError(cause, 'STAR_LIST_WARNINGS_UNCONFIRMED'));
      setError(importError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  async function template() {
    try {
      const { blob, fileName } = await apiDownload(STAR_LIST_TEMPLATE_PATH);
      saveBlob(blob, fileName ?? '星级上云企业名单导入模板.xlsx');
    } catch (cause) {
      message.error(describeError(t, cause));
    }
  }

  const needsConfirmation = report !== null && report.summary.withWarnings > 0;
  // Unconfirmed warnings do not disable the button: the server refuses such an import and
  // the official is told, beside the box to tick, what is missing.
  const canImport = report?.canImport === true && title.trim() !== '';

  return (
    <Card title={t('starList.importTitle')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('starList.importHint')}</Typography.Paragraph>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Space.Compact>
          <Space.Addon>{t('starList.year')}</Space.Addon>
          <Input
            style={{ width: 100 }}
            aria-label={t('starList.year')}
            value={String(year)}
            inputMode="numeric"
            maxLength={4}
            onChange={(event) => {
              const value = Number(event.target.value);
              if (Number.isInteger(value)) onYear(value);
            }}
            data-testid="starlist-year"
          />
        </Space.Compact>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(chosen) => {
            void preview(chosen);
            return false;
          }}
          data-testid="starlist-upload"
        >
          <Button icon={<UploadOutlined />} loading={busy && report === null}>
            {file ? t('starList.chooseAgain') : t('starList.choose')}
          </Button>
        </Upload>
        {file ? <Typography.Text>{file.name}</Typography.Text> : null}
        <Button icon={<DownloadOutlined />} onClick={template}>
          {t('starList.template')}
        </Button>
      </Flex>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          role="alert"
          style={{ marginBottom: 12 }}
          data-testid="starlist-error"
        />
      ) : null}
      {report ? (
        <>
          <ImportReportTable report={report} />
          <Form layout="vertical" style={{ marginTop: 16 }}>
            <Form.Item label={t('starList.batchTitle')} required>
              <Input
                aria-label={t('starList.batchTitle')}
                value={title}
                maxLength={200}
                onChange={(event) => setTitle(event.target.value)}
                data-testid="starlist-title"
              />
            </Form.Item>
            {needsConfirmation ? (
              <Form.Item
                validateStatus={unconfirmed && !confirmed ? 'error' : undefined}
                help={unconfirmed && !confirmed ? t('starList.confirmFirst') : undefined}
              >
                <Checkbox
                  checked={confirmed}
                  onChange={(event) => setConfirmed(event.target.checked)}
                  data-testid="starlist-confirm-warnings"
                >
                  {t('starList.confirmWarnings', { count: report.summary.withWarnings })}
                </Checkbox>
              </Form.Item>
            ) : null}
            <Button
              type="primary"
              disabled={!canImport}
              loading={busy}
              onClick={doImport}
              data-testid="starlist-import"
            >
              {t('starList.import')}
            </Button>
            {!report.canImport ? (
              <Typography.Text type="danger" style={{ marginLeft: 12 }}>
                {t('starList.fixFirst')}
              </Typography.Text>
            ) : null}
          </Form>
        </>
      ) : null}
    </Card>
  );
}

function BatchesCard({ year, canManage }: { year: number | undefined; canManage: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const batches = useStarListBatches(year);

  async function act(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: starListsKey });
    } catch (cause) {
      message.error(describeError(t, cause));
    }
  }

  const columns: ColumnsType<StarListBatch> = [
    { title: t('starList.year'), dataIndex: 'listYear', width: 90 },
    { title: t('starList.batchNo'), dataIndex: 'batchNo', width: 80 },
    { title: t('starList.batchTitle'), dataIndex: 'title' },
    {
      title: t('starList.entries'),
      key: 'entries',
      render: (_value, batch) =>
        t('starList.entryCounts', {
          total: batch.entryCount,
          five: batch.starCounts[5],
          four: batch.starCounts[4],
          three: batch.starCounts[3],
        }),
    },
    {
      title: t('claim.status'),
      dataIndex: 'status',
      render: (status: StarListBatch['status'], batch) =>
        status === 'published' ? (
          <Tag color="success">
            {t('starList.published')} {formatDateTime(batch.publishedAt)}
          </Tag>
        ) : (
          <Tag>{t('starList.draft')}</Tag>
        ),
    },
    {
      title: t('starList.importedAt'),
      key: 'imported',
      render: (_value, batch) => `${formatDateTime(batch.importedAt)} · ${batch.importedBy}`,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_value, batch) =>
        canManage && batch.status === 'draft' ? (
          <Space>
            <Popconfirm
              title={t('starList.publishConfirm', { count: batch.entryCount })}
              okButtonProps={{ 'data-testid': 'starlist-publish-confirm' }}
              onConfirm={() =>
                act(() => publishStarListBatch(batch.id), t('starList.publishedDone'))
              }
            >
              <Button type="primary" size="small" data-testid={`starlist-publish-${batch.id}`}>
                {t('starList.publish')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('starList.deleteConfirm')}
              onConfirm={() => act(() => deleteStarListBatch(batch.id), t('starList.deleted'))}
            >
              <Button danger size="small" icon={<DeleteOutlined />}>
                {t('starList.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];

  if (batches.isError)
    return <QueryError error={batches.error} onRetry={() => batches.refetch()} />;
  return (
    <Card title={t('starList.batches')} style={{ marginBottom: 16 }}>
      <Table
        rowKey="id"
        size="small"
        loading={batches.isPending}
        columns={columns}
        dataSource={batches.data?.items ?? []}
        pagination={false}
      />
    </Card>
  );
}

function EntriesCard({ years }: { years: number[] }) {
  const t = useT();
  const starName = useStarName();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<EntryFilter>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const entries = useStarListEntries(filter, paging);
  const [form] = Form.useForm<{
    year?: number;
    star?: number;
    q?: string;
    status?: 'draft' | 'published';
  }>();

  async function exportEntries() {
    try {
      const { blob, fileName } = await apiDownload(STAR_LIST_EXPORT_PATH, { ...filter });
      saveBlob(blob, fileName ?? '星级上云企业名单.xlsx');
    } catch (cause) {
      message.error(describeError(t, cause));
    }
  }

  const columns: ColumnsType<StarListEntry> = [
    { title: t('starList.year'), dataIndex: 'listYear', width: 80 },
    { title: t('starList.batchNo'), dataIndex: 'batchNo', width: 70 },
    { title: t('starList.seqNo'), dataIndex: 'seqNo', width: 70 },
    {
      title: t('starList.region'),
      key: 'region',
      render: (_v, entry) => `${entry.city}${entry.county}`,
    },
    { title: t('review.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('review.creditCode'), dataIndex: 'creditCode' },
    {
      title: t('claim.star'),
      dataIndex: 'star',
      render: (star: number) => starName(star),
    },
    {
      title: t('claim.status'),
      dataIndex: 'batchStatus',
      render: (status: string) =>
        status === 'published' ? (
          <Tag color="success">{t('starList.published')}</Tag>
        ) : (
          <Tag>{t('starList.draft')}</Tag>
        ),
    },
  ];

  return (
    <Card
      title={t('starList.search')}
      extra={
        <Button icon={<DownloadOutlined />} onClick={exportEntries} data-testid="starlist-export">
          {t('usage.export')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilter({
            year: values.year,
            star: values.star,
            status: values.status,
            q: values.q?.trim() || undefined,
          });
          setPaging((current) => ({ ...current, page: 1 }));
        }}
      >
        <Form.Item name="year">
          <Select
            allowClear
            placeholder={t('starList.year')}
            aria-label={t('starList.year')}
            style={{ width: 120 }}
            options={years.map((year) => ({ value: year, label: String(year) }))}
            data-testid="starlist-search-year"
          />
        </Form.Item>
        <Form.Item name="star">
          <Select
            allowClear
            placeholder={t('claim.star')}
            aria-label={t('claim.star')}
            style={{ width: 110 }}
            options={[5, 4, 3].map((star) => ({
              value: star,
              label: starName(star),
            }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('claim.status')}
            aria-label={t('claim.status')}
            style={{ width: 110 }}
            options={[
              { value: 'published', label: t('starList.published') },
              { value: 'draft', label: t('starList.draft') },
            ]}
          />
        </Form.Item>
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('review.search')}
            aria-label={t('review.search')}
            style={{ width: 260 }}
            data-testid="starlist-search-q"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="starlist-search-submit">
          {t('common.search')}
        </Button>
      </Form>
      {entries.isError ? (
        <QueryError error={entries.error} onRetry={() => entries.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          data-testid="starlist-entries"
          loading={entries.isFetching}
          columns={columns}
          dataSource={entries.data?.items ?? []}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: entries.data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
        />
      )}
    </Card>
  );
}

/** 星级上云企业名单 (第一条、第七条、第九条): import, publish, search and export. */
export default function StarListsPage() {
  const t = useT();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('star-lists.manage') ?? false;
  const [year, setYear] = useState(businessYear);
  const years = useStarListYears();
  const known = [...new Set([...(years.data?.items.map((item) => item.listYear) ?? []), year])]
    .filter((value) => value >= 2000 && value <= 2100)
    .sort((a, b) => b - a);
  return (
    <>
      <PageHeader title={t('feature.starLists.label')} />
      {canManage ? <ImportCard year={year} onYear={setYear} /> : null}
      <BatchesCard year={year >= 2000 && year <= 2100 ? year : undefined} canManage={canManage} />
      <EntriesCard years={known} />
    </>
  );
}

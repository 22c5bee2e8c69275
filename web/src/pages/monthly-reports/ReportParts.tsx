import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { apiDownload, saveBlob } from '../../api/client';
import { describeError } from '../../api/errors';
import type {
  AdoptionRow,
  ComputedParts,
  ControlRow,
  ReportDetail,
  ReportRound,
  ReportSummary,
  UsageFigures,
  UsageLine,
} from '../../api/monthlyReports';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import { formatDateTime } from '../../lib/time';
import type { MessageKey } from '../../locales/zh-CN';

/** Part (a)'s fields in the order of the measures' report, with the decimals each keeps. */
export const USAGE_FIELDS: { key: keyof UsageFigures; scale: number }[] = [
  { key: 'vcpuCoreHours', scale: 2 },
  { key: 'memoryGibHours', scale: 2 },
  { key: 'blockStorageTbMonths', scale: 3 },
  { key: 'objectStorageTbMonths', scale: 3 },
  { key: 'bandwidthPeakMbps', scale: 2 },
  { key: 'trafficTb', scale: 3 },
  { key: 'securityInstances', scale: 0 },
];

const STATUS_COLOURS: Record<ReportSummary['status'], string> = {
  'not-started': 'default',
  draft: 'processing',
  submitted: 'warning',
  returned: 'red',
  archived: 'success',
};

export function StatusTag({ status }: { status: ReportSummary['status'] }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={`report-status-${status}`}>
      {t(`report.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** On time / N days late / overdue and not filed / not yet due. */
export function Timeliness({ report }: { report: ReportSummary }) {
  const t = useT();
  if (report.lateDays !== null) {
    return report.lateDays === 0 ? (
      <Tag color="success">{t('report.onTime')}</Tag>
    ) : (
      <Tag color="orange">{t('report.late', { days: report.lateDays })}</Tag>
    );
  }
  if (report.overdueDays > 0) {
    return <Tag color="red">{t('report.overdue', { days: report.overdueDays })}</Tag>;
  }
  return (
    <Typography.Text type="secondary">
      {report.monthState === 'current' ? t('report.monthRunning') : t('report.notDue')}
    </Typography.Text>
  );
}

/**
 * The month list both sides read: the operator's 月度报告 and the Data Bureau's archive queue.
 * `onOpen` shows the month's detail beside the list.
 */
export function reportListColumns(
  t: ReturnType<typeof useT>,
  onOpen: (month: string) => void,
): ColumnsType<ReportSummary> {
  return [
    { title: t('report.month'), dataIndex: 'month' },
    {
      title: t('report.status'),
      dataIndex: 'status',
      render: (status) => <StatusTag status={status} />,
    },
    { title: t('report.dueDate'), dataIndex: 'dueDate' },
    {
      title: t('report.timeliness'),
      key: 'timeliness',
      render: (_, row) => <Timeliness report={row} />,
    },
    { title: t('report.round'), dataIndex: 'roundNo', align: 'right' },
    {
      title: t('report.submittedAt'),
      dataIndex: 'submittedAt',
      render: (at) => formatDateTime(at),
    },
    {
      key: 'open',
      render: (_, row) => (
        <Button
          type="link"
          onClick={() => onOpen(row.month)}
          data-testid={`report-open-${row.month}`}
        >
          {t('report.open')}
        </Button>
      ),
    },
  ];
}

export function UsageFiguresTable({
  usage,
  commentary,
}: {
  usage: UsageFigures;
  commentary: string;
}) {
  const t = useT();
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid="report-usage"
      items={[
        ...USAGE_FIELDS.map(({ key }) => ({
          key,
          label: t(`report.usage.${key}` as MessageKey),
          children: usage[key] === null ? '—' : String(usage[key]),
        })),
        {
          key: 'commentary',
          label: t('report.commentary'),
          span: 'filled' as const,
          children: (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {commentary || '—'}
            </Typography.Paragraph>
          ),
        },
      ]}
    />
  );
}

function AdoptionTable({ rows }: { rows: AdoptionRow[] }) {
  const t = useT();
  const starName = useStarName();
  const columns: ColumnsType<AdoptionRow> = [
    {
      title: t('report.adoption.star'),
      dataIndex: 'star',
      render: (star: number) => (star === 0 ? t('report.adoption.unlisted') : starName(star)),
    },
    ...(
      [
        ['registered', 'report.adoption.registered'],
        ['certified', 'report.adoption.certified'],
        ['claimed', 'report.adoption.claimed'],
        ['activeVoucher', 'report.adoption.active'],
        ['newRegistered', 'report.adoption.newRegistered'],
        ['newCertified', 'report.adoption.newCertified'],
        ['newClaimed', 'report.adoption.newClaimed'],
      ] as const
    ).map(([key, label]) => ({ title: t(label), dataIndex: key, align: 'right' as const })),
  ];
  return (
    <Table
      rowKey="star"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      data-testid="report-adoption"
      scroll={{ x: 'max-content' }}
    />
  );
}

const moneyColumns = <T extends UsageLine>(t: ReturnType<typeof useT>): ColumnsType<T> => [
  { title: t('report.usage.deductions'), dataIndex: 'deductions', align: 'right' },
  {
    title: t('report.usage.deducted'),
    dataIndex: 'deducted',
    align: 'right',
    render: (fen: number) => formatYuan(fen),
  },
  { title: t('report.usage.reversals'), dataIndex: 'reversals', align: 'right' },
  {
    title: t('report.usage.reversed'),
    dataIndex: 'reversed',
    align: 'right',
    render: (fen: number) => formatYuan(fen),
  },
  {
    title: t('report.usage.net'),
    dataIndex: 'netWriteOff',
    align: 'right',
    render: (fen: number) => <strong>{formatYuan(fen)}</strong>,
  },
];

function VoucherUsageTables({ vouchers }: { vouchers: ComputedParts['vouchers'] }) {
  const t = useT();
  const categories = [...vouchers.byCategory, { category: 'total', ...vouchers.totals }];
  const categoryName = (category: string) =>
    category === 'total'
      ? t('report.usage.total')
      : (t(`category.${category}` as MessageKey) ?? category);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        rowKey="category"
        size="small"
        pagination={false}
        data-testid="report-by-category"
        dataSource={categories}
        columns={[
          {
            title: t('report.usage.category'),
            dataIndex: 'category',
            render: (category: string) => categoryName(category),
          },
          ...moneyColumns<UsageLine & { category: string }>(t),
        ]}
      />
      <Typography.Text strong>{t('report.usage.byEnterprise')}</Typography.Text>
      <Table
        rowKey="creditCode"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="report-by-enterprise"
        dataSource={vouchers.byEnterprise}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('report.usage.creditCode'), dataIndex: 'creditCode' },
          { title: t('report.usage.enterprise'), dataIndex: 'enterpriseName' },
          ...moneyColumns<UsageLine & { creditCode: string; enterpriseName: string }>(t),
        ]}
      />
      <Typography.Text type="secondary">
        {t('report.usage.expiries', {
          tranches: vouchers.expiries.tranches,
          amount: formatYuan(vouchers.expiries.amount),
          reversalVoided: formatYuan(vouchers.reversalVoided),
        })}
      </Typography.Text>
    </Space>
  );
}

function ControlTotals({ parts }: { parts: ComputedParts }) {
  const t = useT();
  const starName = useStarName();
  const label = (star: number) => (star === 0 ? t('report.control.total') : starName(star));
  const money = (key: keyof ControlRow, title: MessageKey) => ({
    title: t(title),
    dataIndex: key,
    align: 'right' as const,
    render: (fen: number) => formatYuan(fen),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('report.controlsFormula')}</Typography.Text>
      <Table
        rowKey="star"
        size="small"
        pagination={false}
        data-testid="report-controls"
        dataSource={parts.controls}
        scroll={{ x: 'max-content' }}
        rowClassName={(row) => (row.star === 0 ? 'ant-table-row-selected' : '')}
        columns={[
          { title: t('report.control.star'), dataIndex: 'star', render: label },
          money('opening', 'report.control.opening'),
          money('granted', 'report.control.granted'),
          money('restored', 'report.control.restored'),
          money('deducted', 'report.control.deducted'),
          money('voided', 'report.control.voided'),
          money('closing', 'report.control.closing'),
        ]}
      />
      {parts.reconciliation.ok ? (
        <Alert
          type="success"
          showIcon
          title={t('report.reconciled')}
          data-testid="report-reconciled"
        />
      ) : (
        <Alert
          type="error"
          showIcon
          data-testid="report-unreconciled"
          title={t('report.unreconciled')}
          description={parts.reconciliation.discrepancies.map((d) => (
            <div key={`${d.star}-${d.what}`}>
              {t(`report.discrepancy.${d.what}` as MessageKey, {
                star: label(d.star),
                amount: formatYuan(d.difference),
              })}
            </div>
          ))}
        />
      )}
    </Space>
  );
}

/** Parts (b), (c) and the control totals: live preview or the frozen snapshot. */
export function ComputedPartsView({ report }: { report: ReportDetail }) {
  const t = useT();
  const latest = report.rounds.at(-1);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title={
          report.frozen && latest
            ? t('report.frozen', { round: latest.roundNo })
            : t('report.preview')
        }
      />
      <Card size="small" title={t('report.partB')}>
        <AdoptionTable rows={report.parts.adoption} />
      </Card>
      <Card size="small" title={t('report.partC')}>
        <VoucherUsageTables vouchers={report.parts.vouchers} />
      </Card>
      <Card size="small" title={t('report.controls')}>
        <ControlTotals parts={report.parts} />
      </Card>
    </Space>
  );
}

function DocumentButton({ document }: { document: ReportRound['documents'][number] }) {
  const t = useT();
  const { message } = App.useApp();
  async function download() {
    try {
      const { blob, fileName } = await apiDownload(document.url);
      saveBlob(blob, fileName ?? document.name);
    } catch (error) {
      message.error(describeError(t, error));
    }
  }
  return (
    <div>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        onClick={download}
        data-testid={`report-download-${document.kind}`}
      >
        {document.kind.toUpperCase()}
      </Button>{' '}
      <Typography.Text code copyable style={{ fontSize: 12 }}>
        SHA-256 {document.sha256}
      </Typography.Text>
    </div>
  );
}

/** Every round: who submitted when (on time or late), the decision and reason, the documents. */
export function RoundsHistory({ rounds }: { rounds: ReportRound[] }) {
  const t = useT();
  if (rounds.length === 0) return null;
  return (
    <Card size="small" title={t('report.rounds')} data-testid="report-rounds">
      <Timeline
        items={[...rounds].reverse().map((round) => ({
          key: round.roundNo,
          color:
            round.decision === 'archived'
              ? 'success'
              : round.decision === 'returned'
                ? 'red'
                : 'blue',
          children: (
            <Space orientation="vertical" size={4} data-testid={`report-round-${round.roundNo}`}>
              <Typography.Text strong>
                {t('report.roundLine', {
                  round: round.roundNo,
                  by: round.submittedBy,
                  at: formatDateTime(round.submittedAt),
                  timeliness:
                    round.lateDays === 0
                      ? t('report.onTime')
                      : t('report.late', { days: round.lateDays }),
                })}
              </Typography.Text>
              <Typography.Text type={round.decision === 'returned' ? 'danger' : 'secondary'}>
                {round.decision === null
                  ? t('report.decision.pending')
                  : t(`report.decision.${round.decision}` as MessageKey, {
                      by: round.reviewedBy ?? '',
                      at: formatDateTime(round.decidedAt),
                      reason: round.reason ?? '',
                    })}
              </Typography.Text>
              {round.documents.map((document) => (
                <DocumentButton key={document.kind} document={document} />
              ))}
            </Space>
          ),
        }))}
      />
    </Card>
  );
}

import { Alert, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ImportReport } from '../../api/starLists';
import { useT } from '../../i18n/useT';

type Row = ImportReport['rows'][number];

const ERROR_BG = '#fff1f0';
const WARNING_BG = '#fffbe6';

/** The per-row report of an import: every column, the bad cells highlighted with the reason. */
export function ImportReportTable({ report }: { report: ImportReport }) {
  const t = useT();
  const { summary } = report;
  const columns: ColumnsType<Row> = [
    { title: t('starList.rowNo'), dataIndex: 'rowNo', width: 72, fixed: 'left' },
    ...report.columns.map((column) => ({
      title: column.header,
      key: column.key,
      render: (_value: unknown, row: Row) => {
        const text = row.values[column.key] ?? '';
        const errors = row.errors.filter((issue) => issue.column === column.key);
        const warnings = row.warnings.filter((issue) => issue.column === column.key);
        if (errors.length === 0 && warnings.length === 0) return text;
        return (
          <Tooltip title={[...errors, ...warnings].map((issue) => issue.message).join('；')}>
            <Flex vertical>
              <Typography.Text type={errors.length > 0 ? 'danger' : 'warning'} strong>
                {text || '（空）'}
              </Typography.Text>
              <Typography.Text
                type={errors.length > 0 ? 'danger' : 'warning'}
                style={{ fontSize: 12 }}
              >
                {[...errors, ...warnings].map((issue) => issue.message).join('；')}
              </Typography.Text>
            </Flex>
          </Tooltip>
        );
      },
      onCell: (row: Row) => {
        const hasError = row.errors.some((issue) => issue.column === column.key);
        const hasWarning = row.warnings.some((issue) => issue.column === column.key);
        return {
          style: hasError ? { background: ERROR_BG } : hasWarning ? { background: WARNING_BG } : {},
          'data-cell-state': hasError ? 'error' : hasWarning ? 'warning' : 'ok',
        } as React.TdHTMLAttributes<HTMLTableCellElement>;
      },
    })),
    {
      title: t('starList.rowState'),
      key: 'state',
      width: 110,
      render: (_value, row) =>
        row.errors.length > 0 ? (
          <Tag color="error">{t('starList.rowError')}</Tag>
        ) : row.warnings.length > 0 ? (
          <Tag color="warning">{t('starList.rowWarning')}</Tag>
        ) : (
          <Tag color="success">{t('starList.rowOk')}</Tag>
        ),
    },
  ];
  const otherIssues = report.rows.flatMap((row) =>
    [...row.errors, ...row.warnings]
      .filter((issue) => !report.columns.some((column) => column.key === issue.column))
      .map((issue) => `${t('starList.rowNo')} ${row.rowNo}：${issue.message}`),
  );
  return (
    <Flex vertical gap={12}>
      <Alert
        type={summary.invalid > 0 ? 'error' : summary.withWarnings > 0 ? 'warning' : 'success'}
        showIcon
        data-testid="starlist-summary"
        title={t('starList.summary', {
          file: report.fileName,
          total: summary.total,
          valid: summary.valid,
          invalid: summary.invalid,
          warnings: summary.withWarnings,
        })}
        description={otherIssues.length > 0 ? otherIssues.join('；') : undefined}
      />
      <Table
        data-testid="starlist-preview-table"
        size="small"
        rowKey="rowNo"
        columns={columns}
        dataSource={report.rows}
        scroll={{ x: 'max-content', y: 420 }}
        pagination={report.rows.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
      />
    </Flex>
  );
}

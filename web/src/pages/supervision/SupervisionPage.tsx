import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Select, Skeleton, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiDownload, saveBlob } from '../../api/client';
import { describeError } from '../../api/errors';
import { SUPERVISION_EXPORT_PATH, useFlowOverview } from '../../api/supervision';
import { useSupervisedVouchers } from '../../api/vouchers';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { CreditCodeSearch } from '../../components/vouchers/CreditCodeSearch';
import { EnterpriseVouchers } from '../../components/vouchers/EnterpriseVouchers';
import { useT } from '../../i18n/useT';
import { formatDateTime } from '../../lib/time';
import { EnterpriseFlowTable } from './EnterpriseFlowTable';
import { FlowCharts } from './FlowCharts';
import { FlowFigures } from './FlowFigures';
import { YearEndCards } from './YearEndCards';

/**
 * 全流程监管 (第三条): for a list year, the budget and what was granted, where every listed
 * enterprise stands, and what the vouchers paid for — then any enterprise's vouchers in detail.
 * The year and the enterprise looked up live in the address, so a view can be shared.
 */
export default function SupervisionPage() {
  const t = useT();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const yearParam = Number(params.get('year'));
  const askedYear = Number.isInteger(yearParam) && yearParam >= 2000 ? yearParam : undefined;
  const creditCode = params.get('creditCode') ?? undefined;
  const overview = useFlowOverview(askedYear);
  const listYear = askedYear ?? overview.data?.listYear;
  const vouchers = useSupervisedVouchers(creditCode);
  const lookup = useRef<HTMLDivElement>(null);
  const [exporting, setExporting] = useState(false);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const search = (code: string) => {
    update({ creditCode: code || undefined });
    if (code === creditCode) void vouchers.refetch();
    lookup.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  async function exportExcel() {
    setExporting(true);
    try {
      const { blob, fileName } = await apiDownload(SUPERVISION_EXPORT_PATH, { listYear });
      saveBlob(blob, fileName ?? t('supervision.exportFile'));
    } catch (error) {
      message.error(describeError(t, error));
    } finally {
      setExporting(false);
    }
  }

  const years = overview.data?.years ?? [];
  return (
    <>
      <PageHeader
        title={t('feature.supervision.label')}
        extra={
          <Space wrap>
            <Typography.Text>{t('supervision.year')}</Typography.Text>
            <Select<number>
              value={listYear}
              aria-label={t('supervision.year')}
              style={{ width: 120 }}
              loading={overview.isFetching}
              options={[...new Set([...(listYear ? [listYear] : []), ...years])]
                .sort((a, b) => b - a)
                .map((year) => ({ value: year, label: t('supervision.yearOption', { year }) }))}
              onChange={(year) => update({ year: String(year) })}
              data-testid="supervision-year"
            />
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              disabled={listYear === undefined}
              onClick={exportExcel}
              data-testid="supervision-export"
            >
              {t('supervision.export')}
            </Button>
          </Space>
        }
      />
      <Flex vertical gap={16}>
        {overview.isError ? (
          <QueryError error={overview.error} onRetry={() => overview.refetch()} />
        ) : !overview.data ? (
          <Card>
            <Skeleton active />
          </Card>
        ) : (
          <>
            <Typography.Text type="secondary" data-testid="supervision-as-of">
              {t('supervision.asOf', { time: formatDateTime(overview.data.asOf) })}
            </Typography.Text>
            <FlowFigures overview={overview.data} />
            <FlowCharts overview={overview.data} />
          </>
        )}
        {listYear === undefined ? null : (
          <Card
            title={
              <h2 style={{ fontSize: 16, margin: 0 }}>
                {t('supervision.yearEnd.title', { year: listYear })}
              </h2>
            }
          >
            <YearEndCards year={listYear} />
          </Card>
        )}
        <EnterpriseFlowTable listYear={listYear} onView={search} />
        <div ref={lookup} style={{ scrollMarginTop: 16 }}>
          <Card title={t('supervision.lookupTitle')}>
            <Typography.Paragraph type="secondary">{t('supervision.hint')}</Typography.Paragraph>
            <CreditCodeSearch
              value={creditCode}
              onSearch={search}
              loading={vouchers.isFetching}
              testIds={{ input: 'supervision-credit-code', button: 'supervision-search' }}
            />
          </Card>
        </div>
        {creditCode ? <EnterpriseVouchers creditCode={creditCode} query={vouchers} /> : null}
      </Flex>
    </>
  );
}

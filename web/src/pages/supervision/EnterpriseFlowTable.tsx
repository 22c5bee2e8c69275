import { Button, Card, Flex, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import {
  type EnterpriseFlowRow,
  FLOW_STAGES,
  type FlowStage,
  useEnterpriseFlow,
} from '../../api/supervision';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';

const STAGE_TAGS: Record<FlowStage, string> = {
  notCertified: 'default',
  certifying: 'processing',
  certificationReturned: 'volcano',
  certified: 'geekblue',
  claimSubmitted: 'warning',
  claimReturned: 'volcano',
  inUse: 'success',
  usedUp: 'purple',
  expired: 'default',
};

/** Every enterprise on the year's published list, where it stands and what its voucher holds. */
export function EnterpriseFlowTable({
  listYear,
  onView,
}: {
  listYear: number | undefined;
  onView: (creditCode: string) => void;
}) {
  const t = useT();
  const starName = useStarName();
  const [stage, setStage] = useState<FlowStage | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const rows = useEnterpriseFlow({ listYear, stage, q, ...paging }, listYear !== undefined);

  const money = (fen: number, row: EnterpriseFlowRow) => (row.voucherId ? formatYuan(fen) : '—');

  return (
    <Card
      title={t('supervision.enterprisesTitle')}
      extra={
        <Flex gap={8} wrap>
          <Select<FlowStage | 'all'>
            value={stage ?? 'all'}
            aria-label={t('supervision.stageFilter')}
            style={{ width: 160 }}
            onChange={(value) => {
              setStage(value === 'all' ? undefined : value);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'all', label: t('supervision.allStages') },
              ...FLOW_STAGES.map((value) => ({ value, label: t(`supervision.stage.${value}`) })),
            ]}
            data-testid="supervision-stage-filter"
          />
          <Input.Search
            allowClear
            placeholder={t('supervision.searchPlaceholder')}
            aria-label={t('supervision.searchPlaceholder')}
            style={{ width: 240 }}
            onSearch={(value) => {
              setQ(value.trim() || undefined);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            data-testid="supervision-enterprise-search"
          />
        </Flex>
      }
    >
      {rows.isError ? (
        <QueryError error={rows.error} onRetry={() => rows.refetch()} />
      ) : (
        <Table<EnterpriseFlowRow>
          rowKey="entryId"
          size="middle"
          loading={rows.isFetching}
          dataSource={rows.data?.items ?? []}
          // Issue 10 §2: at 1440 px the table has 1,118 px; the columns below take 960 and the
          // name the rest (it wraps), so 已核销 and 可用 are never scrolled out of view. Below
          // 1,100 px (narrower screens) the table scrolls.
          tableLayout="fixed"
          scroll={{ x: 1100 }}
          data-testid="supervision-enterprises"
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: rows.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
          columns={[
            {
              title: t('supervision.col.seq'),
              key: 'seq',
              width: 88,
              render: (_, row) => `${row.batchNo}-${row.seqNo}`,
            },
            { title: t('supervision.col.name'), dataIndex: 'enterpriseName' },
            {
              title: t('supervision.col.creditCode'),
              dataIndex: 'creditCode',
              width: 176,
              render: (code: string) => <span className="mono">{code}</span>,
            },
            {
              title: t('supervision.col.star'),
              dataIndex: 'star',
              width: 72,
              render: (star: number) => starName(star),
            },
            {
              title: t('supervision.col.stage'),
              dataIndex: 'stage',
              width: 124,
              render: (value: FlowStage) => (
                <Tag color={STAGE_TAGS[value]} data-testid={`supervision-stage-${value}`}>
                  {t(`supervision.stage.${value}`)}
                </Tag>
              ),
            },
            ...(['amount', 'used', 'available', 'voided'] as const).map((key) => ({
              title: t(`supervision.col.${key}`),
              key,
              width: 100,
              align: 'right' as const,
              render: (_: unknown, row: EnterpriseFlowRow) => money(row[key], row),
            })),
            {
              title: t('common.actions'),
              key: 'actions',
              width: 100,
              fixed: 'right' as const,
              render: (_, row) =>
                row.voucherId ? (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => onView(row.creditCode)}
                    data-testid={`supervision-view-${row.creditCode}`}
                  >
                    {t('supervision.view')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </Card>
  );
}

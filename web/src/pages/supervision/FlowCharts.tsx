import { Card, Col, Empty, Row, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { FLOW_STAGES, type FlowOverview } from '../../api/supervision';
import { type ChartOption, EChart } from '../../components/charts/EChart';
import { useT } from '../../i18n/useT';
import { CATEGORIES, categoryLabel } from '../../lib/labels';

const STAGE_COLOURS: Record<(typeof FLOW_STAGES)[number], string> = {
  notCertified: '#bfbfbf',
  certifying: '#69b1ff',
  certificationReturned: '#ffa39e',
  certified: '#36cfc9',
  claimSubmitted: '#ffc53d',
  claimReturned: '#ff9c6e',
  inUse: '#52c41a',
  usedUp: '#9254de',
  expired: '#8c8c8c',
};
const CATEGORY_COLOURS = ['#1f5fbf', '#13a8a8', '#fa8c16', '#cf1322'];

/** Where the year's listed enterprises stand, and what their vouchers paid for month by month. */
export function FlowCharts({ overview }: { overview: FlowOverview }) {
  const t = useT();

  const stagesOption = useMemo<ChartOption>(() => {
    const stages = [...FLOW_STAGES].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // The grid holds the axis labels and the axis names ('all'): `containLabel` left the
      // value axis's name outside the canvas (issue 10 §2, clipped at 1440 px).
      grid: {
        left: 8,
        right: 24,
        top: 8,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'all',
      },
      xAxis: {
        type: 'value',
        minInterval: 1,
        name: t('supervision.chart.enterprises'),
        nameLocation: 'middle',
        nameGap: 28,
      },
      yAxis: { type: 'category', data: stages.map((stage) => t(`supervision.stage.${stage}`)) },
      series: [
        {
          type: 'bar',
          name: t('supervision.chart.enterprises'),
          data: stages.map((stage) => ({
            value: overview.stages[stage],
            itemStyle: { color: STAGE_COLOURS[stage] },
          })),
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [overview, t]);

  const months = useMemo(
    () => [...new Set(overview.writeOffs.byMonth.map((row) => row.month))],
    [overview],
  );
  const monthlyOption = useMemo<ChartOption>(() => {
    const known = new Set<string>(CATEGORIES);
    const categories = [
      ...CATEGORIES,
      ...new Set(overview.writeOffs.byMonth.map((r) => r.category).filter((c) => !known.has(c))),
    ];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: {
        left: 8,
        right: 16,
        top: 36,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'all',
      },
      xAxis: { type: 'category', data: months },
      // Along the axis, not above it: above, a name wider than the labels ran off the left.
      yAxis: {
        type: 'value',
        name: t('supervision.chart.monthly'),
        nameLocation: 'middle',
        nameRotate: 90,
        nameGap: 64,
      },
      series: categories.map((category, index) => ({
        type: 'bar',
        stack: 'total',
        name: categoryLabel(t, category),
        itemStyle: { color: CATEGORY_COLOURS[index % CATEGORY_COLOURS.length] },
        data: months.map(
          (month) =>
            overview.writeOffs.byMonth
              .filter((row) => row.month === month && row.category === category)
              .reduce((sum, row) => sum + row.net, 0) / 100,
        ),
      })),
    };
  }, [overview, months, t]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card
          title={t('supervision.stagesTitle')}
          extra={
            <Space size={4} wrap>
              <Typography.Text type="secondary">
                {t('supervision.stagesHint', { count: overview.list.published })}
              </Typography.Text>
              {overview.list.drafts > 0 ? (
                <Typography.Text type="secondary">
                  {t('supervision.draftsHint', { count: overview.list.drafts })}
                </Typography.Text>
              ) : null}
            </Space>
          }
          style={{ height: '100%' }}
        >
          <EChart
            option={stagesOption}
            testId="supervision-stages-chart"
            ariaLabel={t('supervision.chart.stages')}
          />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card title={t('supervision.monthlyTitle')} style={{ height: '100%' }}>
          {months.length === 0 ? (
            <Empty description={t('supervision.noWriteOffs')} style={{ paddingBlock: 80 }} />
          ) : (
            <EChart
              option={monthlyOption}
              testId="supervision-monthly-chart"
              ariaLabel={t('supervision.chart.monthly')}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

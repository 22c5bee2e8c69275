import { Alert, Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import type { FlowOverview } from '../../api/supervision';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';

/**
 * The year's money at a glance: budget (总额控制), granted, written off (据实结算), still usable,
 * void. Every figure is the server's, in fen, shown in yuan.
 */
export function FlowFigures({ overview }: { overview: FlowOverview }) {
  const t = useT();
  const { plan, vouchers, writeOffs } = overview;
  const budget = plan?.budget;
  return (
    <>
      {!plan ? (
        <Alert type="info" showIcon title={t('supervision.noPlan', { year: overview.listYear })} />
      ) : budget?.warning ? (
        <Alert
          type="warning"
          showIcon
          title={t('supervision.shortfall', { amount: formatYuan(budget.shortfall) })}
          data-testid="supervision-shortfall"
        />
      ) : null}
      <Row gutter={[16, 16]} data-testid="supervision-figures">
        <Figure
          testId="supervision-budget"
          title={t('supervision.budget')}
          value={budget ? formatYuan(budget.total) : '—'}
          note={
            plan ? (
              <Tag color={plan.plan.status === 'approved' ? 'success' : 'warning'}>
                {t(`supervision.planStatus.${plan.plan.status}`)}
              </Tag>
            ) : null
          }
        />
        <Figure
          testId="supervision-granted"
          title={t('supervision.granted')}
          value={formatYuan(vouchers.amount)}
          note={t('supervision.grantedVouchers', { count: vouchers.count })}
        />
        <Figure
          testId="supervision-remaining"
          title={t('supervision.remaining')}
          value={budget ? formatYuan(budget.remaining) : '—'}
          note={
            budget ? t('supervision.needAhead', { amount: formatYuan(budget.needAhead) }) : null
          }
        />
        <Figure
          testId="supervision-used"
          title={t('supervision.used')}
          value={formatYuan(vouchers.used)}
          note={t('supervision.bills', {
            count: writeOffs.bills,
            reversed: formatYuan(writeOffs.reversed),
          })}
        />
        <Figure
          testId="supervision-available"
          title={t('supervision.available')}
          value={formatYuan(vouchers.available)}
          note={t('supervision.pending', { amount: formatYuan(vouchers.pending) })}
        />
        <Figure
          testId="supervision-voided"
          title={t('supervision.voided')}
          value={formatYuan(vouchers.voided)}
          note={t('supervision.voidedHint')}
        />
      </Row>
    </>
  );
}

function Figure({
  title,
  value,
  note,
  testId,
}: {
  title: string;
  value: string;
  note: React.ReactNode;
  testId: string;
}) {
  return (
    <Col xs={24} sm={12} xl={8} xxl={4}>
      <Card size="small" data-testid={testId} style={{ height: '100%' }}>
        <Statistic title={title} value={value} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      </Card>
    </Col>
  );
}

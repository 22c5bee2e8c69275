import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useReportList } from '../../api/monthlyReports';
import { useRedemptionYears } from '../../api/redemption';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { StatusTag } from '../redemption/parts';

/**
 * 全流程监管, the year-end stages: monthly reports filed on time (第十四条), the year's
 * redemption package and where its submission stands (第十五至十八条), recognised against paid.
 * Read from the monthly-report and redemption routes the supervising officials may read.
 */
export function YearEndCards({ year }: { year: number }) {
  const t = useT();
  const reports = useReportList(year);
  const years = useRedemptionYears();
  if (reports.isError)
    return <QueryError error={reports.error} onRetry={() => reports.refetch()} />;
  if (years.isError) return <QueryError error={years.error} onRetry={() => years.refetch()} />;

  const items = reports.data?.items ?? [];
  const due = items.filter((item) => item.lateDays !== null || item.overdueDays > 0);
  const onTime = due.filter((item) => item.lateDays === 0).length;
  const late = due.filter((item) => (item.lateDays ?? 0) > 0).length;
  const missing = due.filter((item) => item.lateDays === null).length;

  const row = years.data?.years.find((entry) => entry.year === year);
  const submission =
    row?.submissions.find((entry) => entry.status !== 'returned') ?? row?.submissions.at(-1);
  const build = row?.latestBuild;
  const recognised = submission?.recognised ?? null;
  const paid = submission?.payment?.amount ?? null;

  return (
    <Row gutter={[16, 16]} data-testid="supervision-year-end">
      <Col xs={24} md={8}>
        <Card size="small" loading={reports.isPending} title={t('supervision.yearEnd.reports')}>
          <Statistic
            value={onTime}
            suffix={`/ ${due.length}`}
            title={t('supervision.yearEnd.reportsOnTime')}
          />
          <Space wrap style={{ marginTop: 8 }}>
            {late > 0 ? (
              <Tag color="orange">{t('supervision.yearEnd.reportsLate', { count: late })}</Tag>
            ) : null}
            {missing > 0 ? (
              <Tag color="red">{t('supervision.yearEnd.reportsMissing', { count: missing })}</Tag>
            ) : null}
          </Space>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small" loading={years.isPending} title={t('supervision.yearEnd.package')}>
          <Space direction="vertical">
            <Typography.Text>
              {t('supervision.yearEnd.ledgerNet')}：{formatYuan(row?.netWriteOff ?? 0)}
            </Typography.Text>
            {submission ? (
              <Space>
                {t('redemption.round', { round: submission.roundNo })}
                <StatusTag status={submission.status} />
              </Space>
            ) : (
              <Typography.Text type="secondary">
                {build
                  ? t('supervision.yearEnd.built', { progress: build.progress })
                  : row?.ended
                    ? t('supervision.yearEnd.notBuilt')
                    : t('supervision.yearEnd.yearRunning')}
              </Typography.Text>
            )}
          </Space>
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card size="small" loading={years.isPending} title={t('supervision.yearEnd.payment')}>
          <Space direction="vertical">
            <Typography.Text>
              {t('supervision.yearEnd.recognised')}：
              {recognised === null ? '—' : formatYuan(recognised)}
            </Typography.Text>
            <Typography.Text>
              {t('supervision.yearEnd.paid')}：{paid === null ? '—' : formatYuan(paid)}
            </Typography.Text>
            {submission?.overdue ? (
              <Tag color="red">
                {t('supervision.yearEnd.overdue', { date: submission.paymentDueOn ?? '' })}
              </Tag>
            ) : null}
          </Space>
        </Card>
      </Col>
    </Row>
  );
}

import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Layout,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type PublicFigures, publicFiguresCsvPath, usePublicFigures } from '../../api/transparency';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { categoryLabel } from '../../lib/labels';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import { formatDateTime } from '../../lib/time';

/**
 * 信息公开 (issue 10 §5): the programme's figures for anyone, without signing in — budget,
 * vouchers by star, write-offs by category and month, enterprises using vouchers, payment to
 * the operator; the recipients list only where the Data Bureau has published it.
 */
export default function TransparencyPage() {
  const t = useT();
  const [year, setYear] = useState<number | undefined>(undefined);
  const query = usePublicFigures(year);
  const figures = query.data?.figures ?? null;

  useEffect(() => {
    document.title = `${t('transparency.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}
      >
        <Typography.Text strong style={{ color: '#fff', fontSize: 16 }}>
          {t('app.name')} · {t('app.fullName')}
        </Typography.Text>
        <Flex gap={16} align="center">
          <Link to="/sign-in" style={{ color: '#fff' }}>
            {t('transparency.signIn')}
          </Link>
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <main>
          <Flex align="center" justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
            <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
              {t('transparency.title')}
            </Typography.Title>
            {figures ? (
              <Flex gap={12} align="center" wrap>
                <Select
                  aria-label={t('transparency.year')}
                  value={figures.listYear}
                  onChange={setYear}
                  style={{ width: 140 }}
                  options={figures.years.map((value) => ({
                    value,
                    label: t('transparency.yearOption', { year: value }),
                  }))}
                  data-testid="transparency-year"
                />
                <Button
                  icon={<DownloadOutlined />}
                  href={publicFiguresCsvPath(figures.listYear)}
                  download
                  data-testid="transparency-csv"
                >
                  {t('transparency.csv')}
                </Button>
              </Flex>
            ) : null}
          </Flex>
          <Typography.Paragraph type="secondary">{t('transparency.intro')}</Typography.Paragraph>
          {query.isPending ? (
            <Skeleton active />
          ) : query.isError ? (
            <QueryError error={query.error} onRetry={() => query.refetch()} />
          ) : figures === null ? (
            <Alert type="info" showIcon title={t('transparency.none')} />
          ) : (
            <Figures figures={figures} />
          )}
        </main>
      </Layout.Content>
    </Layout>
  );
}

function Figures({ figures }: { figures: PublicFigures }) {
  const t = useT();
  const starName = useStarName();
  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">
        {t('transparency.asOf', { time: formatDateTime(figures.asOf) })}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={8}>
          <Card>
            <Statistic
              title={t('transparency.budget')}
              value={figures.budget ? formatYuan(figures.budget.total) : t('transparency.noPlan')}
            />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card>
            <Statistic
              title={t('transparency.granted')}
              value={formatYuan(figures.vouchers.amount)}
              suffix={t('transparency.vouchersCount', { count: figures.vouchers.count })}
            />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card>
            <Statistic
              title={t('transparency.writtenOff')}
              value={formatYuan(figures.writtenOff.net)}
            />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card>
            <Statistic
              title={t('transparency.enterprisesUsing')}
              value={figures.enterprisesUsing}
              suffix={t('transparency.enterprisesUnit')}
            />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={8}>
          <Card>
            <Statistic
              title={t('transparency.paid', { year: figures.paidToOperator.settlementYear })}
              value={formatYuan(figures.paidToOperator.amount)}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('transparency.byStar')}</h2>}>
            <Table
              size="small"
              pagination={false}
              rowKey="star"
              dataSource={figures.vouchers.byStar}
              columns={[
                { title: t('transparency.star'), dataIndex: 'star', render: starName },
                { title: t('transparency.count'), dataIndex: 'count', align: 'right' },
                {
                  title: t('transparency.amount'),
                  dataIndex: 'amount',
                  align: 'right',
                  render: formatYuan,
                },
                {
                  title: t('transparency.used'),
                  dataIndex: 'used',
                  align: 'right',
                  render: formatYuan,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('transparency.byCategory')}</h2>}>
            <Table
              size="small"
              pagination={false}
              rowKey="category"
              dataSource={figures.writtenOff.byCategory}
              columns={[
                {
                  title: t('transparency.category'),
                  dataIndex: 'category',
                  render: (value: string) => categoryLabel(t, value),
                },
                { title: t('transparency.bills'), dataIndex: 'bills', align: 'right' },
                {
                  title: t('transparency.net'),
                  dataIndex: 'net',
                  align: 'right',
                  render: formatYuan,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('transparency.byMonth')}</h2>}>
            <Table
              size="small"
              pagination={false}
              rowKey="month"
              dataSource={figures.writtenOff.byMonth}
              locale={{ emptyText: t('transparency.noWriteOffs') }}
              columns={[
                { title: t('transparency.month'), dataIndex: 'month' },
                {
                  title: t('transparency.net'),
                  dataIndex: 'net',
                  align: 'right',
                  render: formatYuan,
                },
              ]}
            />
          </Card>
        </Col>
        {figures.recipients ? (
          <Col xs={24}>
            <Card
              title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('transparency.recipients')}</h2>}
            >
              <Table
                size="small"
                rowKey={(row) => `${row.enterpriseName}-${row.star}`}
                dataSource={figures.recipients}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t('transparency.enterprise'), dataIndex: 'enterpriseName' },
                  { title: t('transparency.star'), dataIndex: 'star', render: starName },
                  {
                    title: t('transparency.amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    render: formatYuan,
                  },
                ]}
                data-testid="transparency-recipients"
              />
            </Card>
          </Col>
        ) : null}
      </Row>
    </Flex>
  );
}

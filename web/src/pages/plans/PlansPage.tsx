import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { describeError } from '../../api/errors';
import {
  approvePlan,
  createPlan,
  type Plan,
  plansKey,
  raiseBudget,
  usePlanDetail,
  usePlans,
} from '../../api/plans';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan, parseYuanToFen, yuanInputProblem } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import {
  businessDayEndIso,
  businessDayStartIso,
  businessYear,
  formatDateTime,
  formatWindow,
} from '../../lib/time';
import { useFormSubmission } from '../../lib/useFormSubmission';

// Only the Data Bureau administrator sees it: fetched with the page that shows it.
const TransparencySwitch = lazy(() =>
  import('./TransparencySwitch').then((module) => ({ default: module.TransparencySwitch })),
);

const yuanRule = (t: ReturnType<typeof useT>) => ({
  validator: (_rule: unknown, value: string | undefined) => {
    const fen = parseYuanToFen(value ?? '');
    if (fen !== null && fen > 0) return Promise.resolve();
    if (fen === 0) return Promise.reject(new Error(t('validation.amount.zero')));
    const problem = yuanInputProblem(value ?? '');
    return Promise.reject(new Error(t(problem.key, 'vars' in problem ? problem.vars : undefined)));
  },
});

function CreatePlanModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{
    listYear: number;
    title: string;
    totalBudget: string;
    window: [Dayjs, Dayjs];
  }>();
  const { busy, error, run } = useFormSubmission(form);

  async function submit() {
    const values = await form.validateFields();
    await run(async () => {
      await createPlan({
        listYear: values.listYear,
        title: values.title.trim(),
        totalBudget: parseYuanToFen(values.totalBudget) ?? 0,
        // The days picked are both included: open from the first day's 00:00 to the end
        // of the last day (Beijing time).
        claimOpensAt: businessDayStartIso(values.window[0]),
        claimClosesAt: businessDayEndIso(values.window[1]),
      });
      message.success(t('plans.created'));
      await queryClient.invalidateQueries({ queryKey: plansKey });
      form.resetFields();
      onClose();
    });
  }

  return (
    <Modal
      open={open}
      title={t('plans.create')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'plan-create-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ listYear: businessYear() }}>
        <Form.Item name="listYear" label={t('starList.year')} rules={[{ required: true }]}>
          <InputNumber
            min={2000}
            max={2100}
            precision={0}
            style={{ width: 160 }}
            data-testid="plan-create-year"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('plans.title')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} data-testid="plan-create-title" />
        </Form.Item>
        <Form.Item name="totalBudget" label={t('plans.totalBudgetYuan')} rules={[yuanRule(t)]}>
          <Input prefix="¥" inputMode="decimal" data-testid="plan-create-budget" />
        </Form.Item>
        <Form.Item
          name="window"
          label={t('claim.window')}
          extra={t('plans.windowHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker.RangePicker format="YYYY-MM-DD" data-testid="plan-create-window" />
        </Form.Item>
      </Form>
      {error ? (
        <Alert type="error" showIcon title={error} role="alert" data-testid="plan-create-error" />
      ) : null}
    </Modal>
  );
}

function RaiseBudgetModal({ plan, onClose }: { plan: Plan; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amount: string; reason: string }>();
  const { busy, error, run } = useFormSubmission(form);
  async function submit() {
    const values = await form.validateFields();
    await run(async () => {
      await raiseBudget(plan.id, parseYuanToFen(values.amount) ?? 0, values.reason.trim());
      message.success(t('plans.raised'));
      await queryClient.invalidateQueries({ queryKey: plansKey });
      onClose();
    });
  }
  return (
    <Modal
      open
      title={t('plans.raiseTitle', { year: plan.listYear })}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'plan-raise-submit' }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="amount" label={t('plans.raiseAmount')} rules={[yuanRule(t)]}>
          <Input prefix="¥" inputMode="decimal" data-testid="plan-raise-amount" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('plans.raiseReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="plan-raise-reason" />
        </Form.Item>
      </Form>
      {error ? (
        <Alert type="error" showIcon title={error} role="alert" data-testid="plan-raise-error" />
      ) : null}
    </Modal>
  );
}

/** The live budget of one year's plan: funded, granted, still needed for the list, warning. */
function PlanDetailCard({ year, canManage }: { year: number; canManage: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const starName = useStarName();
  const detail = usePlanDetail(year);
  const [raising, setRaising] = useState(false);
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  const { plan, budget, history } = detail.data;
  const usedPercent = budget.total > 0 ? Math.round((budget.granted / budget.total) * 100) : 0;

  async function approve() {
    try {
      await approvePlan(plan.id);
      message.success(t('plans.approvedDone'));
      await queryClient.invalidateQueries({ queryKey: plansKey });
    } catch (cause) {
      message.error(describeError(t, cause));
    }
  }

  return (
    <Card
      data-testid="plan-detail"
      title={`${plan.listYear} · ${plan.title}`}
      extra={
        canManage ? (
          <Space>
            {plan.status === 'draft' ? (
              <Popconfirm
                title={t('plans.approveConfirm')}
                onConfirm={approve}
                okButtonProps={{ 'data-testid': 'plan-approve-confirm' }}
              >
                <Button type="primary" data-testid="plan-approve">
                  {t('plans.approve')}
                </Button>
              </Popconfirm>
            ) : null}
            <Button onClick={() => setRaising(true)} data-testid="plan-raise">
              {t('plans.raise')}
            </Button>
          </Space>
        ) : null
      }
    >
      {budget.warning ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="plan-budget-warning"
          title={t('plans.warning', {
            shortfall: formatYuan(budget.shortfall),
            need: formatYuan(budget.needAhead),
            entries: budget.entriesAhead,
            remaining: formatYuan(budget.remaining),
          })}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic
            title={t('plans.total')}
            value={formatYuan(budget.total)}
            data-testid="plan-budget-total"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('plans.granted', { count: budget.grantedVouchers })}
            value={formatYuan(budget.granted)}
            data-testid="plan-budget-granted"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('plans.remaining')}
            value={formatYuan(budget.remaining)}
            data-testid="plan-budget-remaining"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('plans.needAhead', { entries: budget.entriesAhead })}
            value={formatYuan(budget.needAhead)}
            data-testid="plan-budget-need"
            styles={budget.warning ? { content: { color: '#cf1322' } } : undefined}
          />
        </Col>
      </Row>
      <Progress
        percent={usedPercent}
        aria-label={t('plans.grantedShare')}
        style={{ marginTop: 16 }}
      />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 16 }} bordered>
        <Descriptions.Item label={t('claim.status')}>
          {plan.status === 'approved' ? (
            <Tag color="success">{t('plans.status.approved')}</Tag>
          ) : (
            <Tag>{t('plans.status.draft')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('claim.window')}>
          {formatWindow(t, plan.claimOpensAt, plan.claimClosesAt)}{' '}
          <Tag>{t(`plans.window.${plan.claimWindow}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('voucher.policyVersion')}>
          {detail.data.policyVersion}
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.tiers')}>
          {[5, 4, 3]
            .map((star) => `${starName(star)} ${formatYuan(budget.tierAmounts[star as 3 | 4 | 5])}`)
            .join('；')}
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.needByStar')} span={2}>
          {[5, 4, 3]
            .map((star) => {
              const need = budget.needByStar[star as 3 | 4 | 5];
              return t('plans.needOfStar', {
                star: starName(star),
                entries: need.entries,
                amount: formatYuan(need.amount),
              });
            })
            .join('；')}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('plans.history')}
      </Typography.Title>
      {history.length === 0 ? (
        <Typography.Text type="secondary">—</Typography.Text>
      ) : (
        <Timeline
          items={history.map((item) => ({
            color: item.kind === 'approval' ? 'green' : 'blue',
            content: `${formatDateTime(item.at)} · ${t(`plans.kind.${item.kind}`)} ${formatYuan(item.amount)} · ${item.reason}`,
          }))}
        />
      )}
      {raising ? <RaiseBudgetModal plan={plan} onClose={() => setRaising(false)} /> : null}
    </Card>
  );
}

/** 发放计划 (第六条、第八条): plans by year, approval, budget increases, the live budget. */
export default function PlansPage() {
  const t = useT();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('plans.manage') ?? false;
  const plans = usePlans();
  const [year, setYear] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const selected = year ?? plans.data?.items[0]?.listYear ?? null;

  const columns: ColumnsType<Plan> = [
    { title: t('starList.year'), dataIndex: 'listYear', width: 90 },
    { title: t('plans.title'), dataIndex: 'title' },
    {
      title: t('plans.total'),
      dataIndex: 'totalBudget',
      align: 'right',
      render: (fen: number) => formatYuan(fen),
    },
    {
      title: t('plans.remaining'),
      dataIndex: 'budgetBalance',
      align: 'right',
      render: (fen: number) => formatYuan(fen),
    },
    {
      title: t('claim.window'),
      key: 'window',
      render: (_value, plan) => (
        <>
          {formatWindow(t, plan.claimOpensAt, plan.claimClosesAt)}{' '}
          <Tag>{t(`plans.window.${plan.claimWindow}`)}</Tag>
        </>
      ),
    },
    {
      title: t('claim.status'),
      dataIndex: 'status',
      render: (status: Plan['status']) =>
        status === 'approved' ? (
          <Tag color="success">{t('plans.status.approved')}</Tag>
        ) : (
          <Tag>{t('plans.status.draft')}</Tag>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('feature.plans.label')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="plan-create"
            >
              {t('plans.create')}
            </Button>
          ) : null
        }
      />
      {plans.isError ? (
        <QueryError error={plans.error} onRetry={() => plans.refetch()} />
      ) : (
        <Card style={{ marginBottom: 16 }}>
          <Table
            rowKey="id"
            size="small"
            loading={plans.isPending}
            columns={columns}
            dataSource={plans.data?.items ?? []}
            pagination={false}
            rowClassName={(plan) => (plan.listYear === selected ? 'ant-table-row-selected' : '')}
            onRow={(plan) => ({
              'data-testid': `plan-row-${plan.listYear}`,
              onClick: () => setYear(plan.listYear),
              style: { cursor: 'pointer' },
            })}
          />
        </Card>
      )}
      {selected !== null ? (
        <>
          <PlanDetailCard year={selected} canManage={canManage} />
          {me?.permissions.includes('transparency.manage') ? (
            <Suspense fallback={null}>
              <TransparencySwitch year={selected} />
            </Suspense>
          ) : null}
        </>
      ) : plans.isSuccess ? (
        <Card>
          <Empty description={t('plans.none')} />
        </Card>
      ) : null}
      <CreatePlanModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { usePlans } from '../../api/plans';
import { useMe } from '../../api/session';
import {
  createVoucherBatch,
  issueVoucherBatch,
  type OfferClaimStatus,
  updateVoucherBatch,
  useVoucherBatches,
  useVoucherOffers,
  type VoucherBatch,
  type VoucherOffer,
  voucherBatchesKey,
} from '../../api/voucherBatches';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { useStarName } from '../../lib/stars';
import { formatDateTime } from '../../lib/time';
import { useFormSubmission } from '../../lib/useFormSubmission';

interface BatchFormValues {
  planId: string;
  name: string;
  claimInstructions: string;
}

/** 新建配置 (no batch given) or 编辑 (before issue). */
function BatchModal({
  batch,
  takenPlanIds,
  onClose,
}: {
  batch: VoucherBatch | null;
  takenPlanIds: Set<string>;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const plans = usePlans();
  const [form] = Form.useForm<BatchFormValues>();
  const { busy, error, run } = useFormSubmission(form);
  const options = (plans.data?.items ?? [])
    .filter((plan) => plan.status === 'approved' && !takenPlanIds.has(plan.id))
    .map((plan) => ({ value: plan.id, label: `${plan.listYear} · ${plan.title}` }));

  async function submit() {
    const values = await form.validateFields();
    await run(async () => {
      if (batch) {
        await updateVoucherBatch(batch.id, {
          name: values.name.trim(),
          claimInstructions: values.claimInstructions.trim(),
        });
        message.success(t('vb.updated'));
      } else {
        await createVoucherBatch({
          planId: values.planId,
          name: values.name.trim(),
          claimInstructions: values.claimInstructions.trim(),
        });
        message.success(t('vb.created'));
      }
      await queryClient.invalidateQueries({ queryKey: voucherBatchesKey });
      form.resetFields();
      onClose();
    });
  }

  return (
    <Modal
      open
      title={batch ? t('vb.edit') : t('vb.create')}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'voucher-batch-save' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          batch ? { name: batch.name, claimInstructions: batch.claimInstructions } : undefined
        }
      >
        {batch ? (
          <Form.Item label={t('vb.plan')}>
            <Typography.Text>{`${batch.plan.listYear} · ${batch.plan.title}`}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item
            name="planId"
            label={t('vb.plan')}
            rules={[{ required: true, message: t('common.required') }]}
            extra={plans.isSuccess && options.length === 0 ? t('vb.noPlans') : undefined}
          >
            <Select
              options={options}
              loading={plans.isPending}
              placeholder={t('vb.planPlaceholder')}
              data-testid="voucher-batch-plan"
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('vb.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={200} data-testid="voucher-batch-name" />
        </Form.Item>
        <Form.Item
          name="claimInstructions"
          label={t('claim.instructions')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            data-testid="voucher-batch-instructions"
          />
        </Form.Item>
      </Form>
      {error ? (
        <Alert type="error" showIcon title={error} role="alert" data-testid="voucher-batch-error" />
      ) : null}
    </Modal>
  );
}

function ClaimStatusTag({ status }: { status: OfferClaimStatus | null }) {
  const t = useT();
  if (status === 'approved') return <Tag color="success">{t('vb.claim.approved')}</Tag>;
  if (status === 'returned') return <Tag color="warning">{t('vb.claim.returned')}</Tag>;
  if (status === 'submitted') return <Tag color="processing">{t('vb.claim.submitted')}</Tag>;
  return <Tag>{t('vb.claim.none')}</Tag>;
}

/** The batch's offers (the list entries it covers) with server paging and search. */
function OffersDrawer({ batch, onClose }: { batch: VoucherBatch; onClose: () => void }) {
  const t = useT();
  const starName = useStarName();
  const [q, setQ] = useState('');
  const [claimStatus, setClaimStatus] = useState<OfferClaimStatus | 'none' | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const offers = useVoucherOffers(batch.id, {
    q: q.trim() || undefined,
    claimStatus,
    page,
    pageSize,
  });

  const columns: ColumnsType<VoucherOffer> = [
    { title: t('vb.enterpriseName'), dataIndex: 'enterpriseName' },
    { title: t('vb.creditCode'), dataIndex: 'creditCode', width: 200 },
    {
      title: t('claim.star'),
      dataIndex: 'star',
      width: 90,
      render: (star: number) => starName(star),
    },
    {
      title: t('claim.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 130,
      render: (fen: number) => formatYuan(fen),
    },
    {
      title: t('vb.certified'),
      key: 'certified',
      width: 130,
      render: (_value, offer) =>
        offer.enterprise === null ? (
          <Tag>{t('vb.notRegistered')}</Tag>
        ) : offer.enterprise.certified ? (
          <Tag color="success">{t('vb.certifiedYes')}</Tag>
        ) : (
          <Tag color="warning">{t('vb.registeredOnly')}</Tag>
        ),
    },
    {
      title: t('vb.claimStatus'),
      key: 'claim',
      width: 110,
      render: (_value, offer) => <ClaimStatusTag status={offer.claim?.status ?? null} />,
    },
  ];

  return (
    <Drawer open size="92%" title={`${batch.plan.listYear} · ${batch.name}`} onClose={onClose}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('vb.searchPlaceholder')}
          aria-label={t('vb.searchPlaceholder')}
          onSearch={(value) => {
            setQ(value);
            setPage(1);
          }}
          style={{ width: 280 }}
          data-testid="voucher-batch-offers-search"
        />
        <Select
          allowClear
          placeholder={t('vb.claimStatus')}
          aria-label={t('vb.claimStatus')}
          value={claimStatus}
          onChange={(value) => {
            setClaimStatus(value);
            setPage(1);
          }}
          style={{ width: 160 }}
          options={[
            { value: 'none', label: t('vb.claim.none') },
            { value: 'submitted', label: t('vb.claim.submitted') },
            { value: 'returned', label: t('vb.claim.returned') },
            { value: 'approved', label: t('vb.claim.approved') },
          ]}
        />
      </Space>
      {offers.isError ? (
        <QueryError error={offers.error} onRetry={() => offers.refetch()} />
      ) : (
        <Table
          rowKey="entryId"
          size="small"
          loading={offers.isPending}
          columns={columns}
          dataSource={offers.data?.items ?? []}
          pagination={{
            current: page,
            pageSize,
            total: offers.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (nextPage, nextSize) => {
              setPage(nextSize === pageSize ? nextPage : 1);
              setPageSize(nextSize);
            },
          }}
        />
      )}
    </Drawer>
  );
}

/** 资源券配置: configure a voucher batch against an approved plan, then issue it. */
export default function VoucherConfigPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('voucher-batches.manage') ?? false;
  const batches = useVoucherBatches();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<VoucherBatch | null>(null);
  const [viewing, setViewing] = useState<VoucherBatch | null>(null);
  const takenPlanIds = new Set((batches.data?.items ?? []).map((batch) => batch.planId));

  async function issue(batch: VoucherBatch) {
    try {
      const result = await issueVoucherBatch(batch.id);
      message.success(t('vb.issuedDone', { notified: result.notified }));
      await queryClient.invalidateQueries({ queryKey: voucherBatchesKey });
    } catch (cause) {
      message.error(describeError(t, cause));
    }
  }

  const columns: ColumnsType<VoucherBatch> = [
    {
      title: t('starList.year'),
      key: 'year',
      width: 90,
      render: (_value, batch) => batch.plan.listYear,
    },
    { title: t('vb.plan'), key: 'plan', render: (_value, batch) => batch.plan.title },
    { title: t('vb.name'), dataIndex: 'name' },
    {
      title: t('claim.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: VoucherBatch['status'], batch) =>
        status === 'issued' ? (
          <Tag color="success" title={batch.issuedAt ? formatDateTime(batch.issuedAt) : undefined}>
            {t('vb.status.issued')}
          </Tag>
        ) : (
          <Tag color="processing">{t('vb.status.configured')}</Tag>
        ),
    },
    { title: t('vb.offerCount'), dataIndex: 'offerCount', align: 'right', width: 120 },
    {
      title: t('vb.claims'),
      key: 'claims',
      render: (_value, batch) => (
        <Space size={4} wrap>
          <Tag color="processing">{`${t('vb.claim.submitted')} ${batch.claims.submitted}`}</Tag>
          <Tag color="warning">{`${t('vb.claim.returned')} ${batch.claims.returned}`}</Tag>
          <Tag color="success">{`${t('vb.claim.approved')} ${batch.claims.approved}`}</Tag>
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_value, batch) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            onClick={() => setViewing(batch)}
            data-testid={`voucher-batch-offers-${batch.id}`}
          >
            {t('vb.offers')}
          </Button>
          {canManage && batch.status === 'configured' ? (
            <>
              <Button
                type="link"
                size="small"
                onClick={() => setEditing(batch)}
                data-testid={`voucher-batch-edit-${batch.id}`}
              >
                {t('vb.edit')}
              </Button>
              <Popconfirm
                title={t('vb.issueConfirm')}
                onConfirm={() => issue(batch)}
                okButtonProps={{ danger: true, 'data-testid': 'voucher-batch-issue-confirm' }}
              >
                <Button type="link" size="small" data-testid={`voucher-batch-issue-${batch.id}`}>
                  {t('vb.issue')}
                </Button>
              </Popconfirm>
            </>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('feature.voucherConfig.label')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="voucher-batch-create"
            >
              {t('vb.create')}
            </Button>
          ) : null
        }
      />
      {batches.isError ? (
        <QueryError error={batches.error} onRetry={() => batches.refetch()} />
      ) : (
        <Card>
          <Table
            rowKey="id"
            size="small"
            loading={batches.isPending}
            columns={columns}
            dataSource={batches.data?.items ?? []}
            pagination={false}
            locale={{ emptyText: t('vb.none') }}
          />
        </Card>
      )}
      {creating ? (
        <BatchModal batch={null} takenPlanIds={takenPlanIds} onClose={() => setCreating(false)} />
      ) : null}
      {editing ? (
        <BatchModal batch={editing} takenPlanIds={takenPlanIds} onClose={() => setEditing(null)} />
      ) : null}
      {viewing ? <OffersDrawer batch={viewing} onClose={() => setViewing(null)} /> : null}
    </>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Skeleton, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  financeApprove,
  type RedemptionSubmission,
  recordPayment,
  redemptionKey,
  useSubmissions,
} from '../../api/redemption';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { fenToYuanInput, parseYuanToFen, yuanInputProblem } from '../../lib/money';
import { useFormSubmission } from '../../lib/useFormSubmission';
import {
  pickSubmission,
  ReturnButton,
  SubmissionList,
  SubmissionSummary,
  TotpActionButton,
} from './parts';

function PaymentForm({ submission }: { submission: RedemptionSubmission }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amount: string; paidOn: Dayjs; reference: string }>();
  const { busy, error, run } = useFormSubmission(form);
  async function submit(values: { amount: string; paidOn: Dayjs; reference: string }) {
    const amount = parseYuanToFen(values.amount);
    if (amount === null) return;
    await run(async () => {
      await recordPayment(submission.id, {
        version: submission.version,
        amount,
        paidOn: values.paidOn.format('YYYY-MM-DD'),
        reference: values.reference.trim(),
      });
      message.success(t('redemption.paid'));
      await queryClient.invalidateQueries({ queryKey: redemptionKey });
    });
  }
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('redemption.pay')}</h2>}>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ amount: fenToYuanInput(submission.recognised ?? 0) }}
        style={{ maxWidth: 420 }}
      >
        <Form.Item
          name="amount"
          label={t('redemption.amountYuan')}
          rules={[
            {
              validator: (_, text: string) => {
                if (parseYuanToFen(text ?? '') !== null) return Promise.resolve();
                const problem = yuanInputProblem(text ?? '');
                return Promise.reject(
                  new Error(t(problem.key, 'vars' in problem ? problem.vars : undefined)),
                );
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" data-testid="pay-amount" />
        </Form.Item>
        <Form.Item
          name="paidOn"
          label={t('redemption.paidOn')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="pay-date" />
        </Form.Item>
        <Form.Item
          name="reference"
          label={t('redemption.reference')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={64} data-testid="pay-reference" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="pay-submit">
          {t('redemption.pay')}
        </Button>
      </Form>
    </Card>
  );
}

/** 兑现审核与拨付 (第十八条): approve, pay exactly the recognised amount, on time; or return. */
export default function PaymentsPage() {
  const t = useT();
  const submissions = useSubmissions();
  const [selected, setSelected] = useState<string | null>(null);
  if (submissions.isPending) return <Skeleton active />;
  if (submissions.isError)
    return <QueryError error={submissions.error} onRetry={() => submissions.refetch()} />;
  const items = submissions.data.items.filter((s) =>
    ['sent-to-finance', 'finance-approved', 'paid'].includes(s.status),
  );
  const open = pickSubmission(items, selected, ['sent-to-finance', 'finance-approved']);
  return (
    <>
      <PageHeader title={t('feature.payments.label')} />
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Card>
          <SubmissionList submissions={items} selected={open?.id ?? null} onSelect={setSelected} />
        </Card>
        {open ? (
          <Space direction="vertical" style={{ width: '100%' }} size={16} key={open.id}>
            <SubmissionSummary submission={open} />
            {open.status === 'sent-to-finance' ? (
              <Space>
                <TotpActionButton
                  label={t('redemption.financeApprove')}
                  done={t('redemption.approved')}
                  testId="finance-approve"
                  act={(code) => financeApprove(open.id, open.version, code)}
                />
                <ReturnButton submission={open} />
              </Space>
            ) : null}
            {open.status === 'finance-approved' ? <PaymentForm submission={open} /> : null}
          </Space>
        ) : null}
      </Space>
    </>
  );
}

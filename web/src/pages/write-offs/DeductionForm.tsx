import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { isApiError } from '../../api/client';
import { applyFieldErrors, describeError } from '../../api/errors';
import type { DeductionResult, VouchersResponse } from '../../api/types';
import { createDeduction, type NewDeduction } from '../../api/vouchers';
import { useT } from '../../i18n/useT';
import { createSubmissionKeys } from '../../lib/idempotency';
import { CATEGORIES, categoryLabel } from '../../lib/labels';
import { parseYuanToFen, yuanInputProblem } from '../../lib/money';
import { DeductionResultPanel } from './DeductionResultPanel';

interface Values {
  orderNo: string;
  category: string;
  amount: string;
  description?: string;
}

const ORDER_NO = /^[\x21-\x7e]{1,64}$/;

/** One bill of one enterprise: deducted from its vouchers at most once (Idempotency-Key). */
export function DeductionForm({
  creditCode,
  vouchers,
  onDeducted,
  reversals = 0,
}: {
  creditCode: string;
  vouchers: VouchersResponse;
  onDeducted: () => void;
  /** Reversals made on the page so far: each one may answer the refusal shown here. */
  reversals?: number;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const keys = useRef(createSubmissionKeys());
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<DeductionResult | null>(null);
  // A refusal about the balance no longer holds once the balance has changed.
  const [availableSeen, setAvailableSeen] = useState(vouchers.summary.available);
  if (availableSeen !== vouchers.summary.available) {
    setAvailableSeen(vouchers.summary.available);
    setError(null);
  }
  // After a reversal, neither the page's refusal nor a field's (e.g. 订单号重复) still stands.
  const [reversalsSeen, setReversalsSeen] = useState(reversals);
  if (reversalsSeen !== reversals) {
    setReversalsSeen(reversals);
    setError(null);
  }
  useEffect(() => {
    if (reversals === 0) return;
    const names: Array<keyof Values> = ['orderNo', 'category', 'amount', 'description'];
    form.setFields(names.map((name) => ({ name, errors: [] })));
  }, [reversals, form]);

  async function submit(values: Values) {
    if (inFlight.current) return;
    const amount = parseYuanToFen(values.amount);
    if (amount === null) return;
    const body: NewDeduction = {
      orderNo: values.orderNo.trim(),
      creditCode,
      category: values.category,
      amount,
      description: values.description?.trim() || undefined,
    };
    inFlight.current = true;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const done = await createDeduction(body, keys.current.keyFor(body));
      keys.current.done();
      setResult(done);
      form.resetFields();
      onDeducted();
    } catch (cause) {
      if (isApiError(cause, 'DUPLICATE_ORDER')) {
        form.setFields([{ name: 'orderNo', errors: [t('error.DUPLICATE_ORDER')] }]);
      } else if (isApiError(cause, 'CATEGORY_NOT_ELIGIBLE')) {
        form.setFields([{ name: 'category', errors: [t('error.CATEGORY_NOT_ELIGIBLE')] }]);
      } else if (!applyFieldErrors(form, cause)) {
        setError(describeError(t, cause));
      }
      if (isApiError(cause, 'NO_AVAILABLE_BALANCE')) onDeducted();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <Card title={t('writeOff.formTitle')}>
      {vouchers.summary.available === 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('writeOff.noBalance')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} onValuesChange={() => setError(null)}>
        <Form.Item
          name="orderNo"
          label={t('writeOff.orderNo')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: ORDER_NO, message: t('writeOff.orderNoRule') },
          ]}
        >
          <Input
            maxLength={64}
            autoComplete="off"
            className="mono"
            data-testid="writeoff-order-no"
          />
        </Form.Item>
        <Form.Item
          name="category"
          label={t('writeOff.category')}
          rules={[{ required: true, message: t('writeOff.categoryRequired') }]}
        >
          <Select
            placeholder={t('writeOff.categoryRequired')}
            options={CATEGORIES.map((value) => ({ value, label: categoryLabel(t, value) }))}
            data-testid="writeoff-category"
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('writeOff.amount')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: (_, text: string) => {
                if (!text) return Promise.resolve();
                const fen = parseYuanToFen(text);
                if (fen === null) {
                  const problem = yuanInputProblem(text);
                  return Promise.reject(
                    new Error(t(problem.key, 'vars' in problem ? problem.vars : undefined)),
                  );
                }
                if (fen <= 0) return Promise.reject(new Error(t('writeOff.amountPositive')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" autoComplete="off" data-testid="writeoff-amount" />
        </Form.Item>
        <Form.Item name="description" label={t('writeOff.description')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('writeOff.rule')}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="writeoff-submit">
          {t('writeOff.submit')}
        </Button>
      </Form>
      {result ? <DeductionResultPanel result={result} vouchers={vouchers} /> : null}
    </Card>
  );
}

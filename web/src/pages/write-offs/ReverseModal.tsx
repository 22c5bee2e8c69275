import { Alert, Descriptions, Form, Input, Modal } from 'antd';
import { useRef, useState } from 'react';
import { isApiError } from '../../api/client';
import { applyFieldErrors, describeError } from '../../api/errors';
import type { ReversalResult, UsageItem } from '../../api/types';
import { reverseDeduction } from '../../api/vouchers';
import { useT } from '../../i18n/useT';
import { createSubmissionKeys } from '../../lib/idempotency';
import { fenToYuanInput, formatYuan, parseYuanToFen, yuanInputProblem } from '../../lib/money';

interface Values {
  amount: string;
  reason: string;
}

/** 冲正 of one deduction, wholly or partly, never beyond what is still reversible. */
export function ReverseModal({
  row,
  onClose,
  onReversed,
}: {
  row: UsageItem | null;
  onClose: () => void;
  onReversed: (result: ReversalResult) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const keys = useRef(createSubmissionKeys());
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reversible = row?.reversible ?? 0;

  async function submit(values: Values) {
    const amount = parseYuanToFen(values.amount);
    if (!row || amount === null || inFlight.current) return;
    const body = { amount, reason: values.reason.trim() };
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const result = await reverseDeduction(
        row.deductionId,
        body,
        keys.current.keyFor({ id: row.deductionId, ...body }),
      );
      keys.current.done();
      onReversed(result);
    } catch (cause) {
      if (isApiError(cause, 'REVERSAL_EXCEEDS_DEDUCTION')) {
        form.setFields([{ name: 'amount', errors: [t('error.REVERSAL_EXCEEDS_DEDUCTION')] }]);
      } else if (!applyFieldErrors(form, cause)) {
        setError(describeError(t, cause));
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <Modal
      open={row !== null}
      title={row ? t('reverse.title', { orderNo: row.orderNo }) : ''}
      okText={t('reverse.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'reverse-submit' }}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      confirmLoading={busy}
      destroyOnHidden
    >
      {row ? (
        <>
          <Alert type="info" showIcon title={t('reverse.note')} style={{ marginBottom: 16 }} />
          {error ? (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />
          ) : null}
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 16 }}
            items={[
              { key: 'enterprise', label: t('usage.enterprise'), children: row.enterpriseName },
              { key: 'deducted', label: t('reverse.deducted'), children: formatYuan(row.amount) },
              {
                key: 'reversible',
                label: t('reverse.reversible'),
                children: formatYuan(reversible),
              },
            ]}
          />
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            preserve={false}
            initialValues={{ amount: fenToYuanInput(reversible), reason: '' }}
          >
            <Form.Item
              name="amount"
              label={t('reverse.amount')}
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
                    if (fen > reversible) {
                      return Promise.reject(
                        new Error(t('reverse.amountMax', { max: formatYuan(reversible) })),
                      );
                    }
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <Input
                prefix="¥"
                inputMode="decimal"
                autoComplete="off"
                data-testid="reverse-amount"
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('reverse.reason')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input.TextArea
                rows={2}
                maxLength={500}
                placeholder={t('reverse.reasonPlaceholder')}
                data-testid="reverse-reason"
              />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}

import { App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { changePassword } from '../../api/account';
import { isApiError } from '../../api/client';
import { applyFieldErrors, describeError } from '../../api/errors';
import { useT } from '../../i18n/useT';
import { isStrongPassword } from '../../lib/password';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Current password, new password twice. Used on 账户设置 and on 修改初始密码, where the
 * “current” password is the temporary one an administrator gave.
 */
export function ChangePasswordForm({
  currentLabel,
  submitLabel,
  onChanged,
}: {
  currentLabel?: string;
  submitLabel?: string;
  onChanged?: () => void | Promise<void>;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      message.success(t('account.password.changed'));
      form.resetFields();
      await onChanged?.();
    } catch (error) {
      if (isApiError(error, 'INVALID_CREDENTIALS')) {
        form.setFields([{ name: 'currentPassword', errors: [t('account.password.currentWrong')] }]);
      } else if (isApiError(error, 'WEAK_PASSWORD')) {
        form.setFields([{ name: 'newPassword', errors: [t('error.WEAK_PASSWORD')] }]);
      } else if (!applyFieldErrors(form, error)) {
        message.error(describeError(t, error));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Form.Item
        name="currentPassword"
        label={currentLabel ?? t('account.password.current')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('account.password.new')}
        extra={t('account.password.rule')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: (_, value: string | undefined) =>
              !value || isStrongPassword(value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('error.WEAK_PASSWORD'))),
          },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value !== getFieldValue('currentPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('account.password.sameAsCurrent'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('account.password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('account.password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
        {submitLabel ?? t('common.save')}
      </Button>
    </Form>
  );
}

export function ChangePasswordCard() {
  const t = useT();
  return (
    <Card title={t('account.password.title')}>
      <ChangePasswordForm />
    </Card>
  );
}

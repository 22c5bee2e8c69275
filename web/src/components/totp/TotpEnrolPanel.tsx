import { Alert, App, Button, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { confirmTotp, enrolTotp } from '../../api/account';
import { describeError } from '../../api/errors';
import type { TotpEnrolment } from '../../api/types';
import { useT } from '../../i18n/useT';
import { TotpSecretView } from './TotpSecretView';

interface Props {
  /** Known when enrolling straight after the password step of sign-in. */
  password?: string;
  onDone: () => void | Promise<void>;
}

/**
 * TOTP enrolment: confirm the password, get a key for the authenticator app, then prove it
 * works by entering a code. Used at sign-in (when enrolment is required) and in 账户设置.
 */
export function TotpEnrolPanel({ password, onDone }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function start(values: { password?: string }) {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await enrolTotp(password ?? values.password ?? ''));
    } catch (cause) {
      setError(describeError(t, cause, { INVALID_CREDENTIALS: 'account.password.currentWrong' }));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(values: { code: string }) {
    setBusy(true);
    setError(null);
    try {
      await confirmTotp(values.code.trim());
      message.success(t('totp.done'));
      await onDone();
    } catch (cause) {
      setError(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  const alert = error ? <Alert type="error" showIcon title={error} role="alert" /> : null;

  if (!enrolment) {
    return (
      <Form layout="vertical" onFinish={start} requiredMark={false}>
        {alert}
        {password === undefined ? (
          <Form.Item
            name="password"
            label={t('totp.passwordPrompt')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
            style={{ marginTop: alert ? 16 : 0 }}
          >
            <Input.Password autoComplete="current-password" data-testid="totp-enrol-password" />
          </Form.Item>
        ) : null}
        <Button
          type="primary"
          htmlType="submit"
          loading={busy}
          style={{ marginTop: alert && password !== undefined ? 16 : 0 }}
          data-testid="totp-enrol-start"
        >
          {t('totp.start')}
        </Button>
      </Form>
    );
  }

  return (
    <Flex vertical gap={16}>
      <TotpSecretView enrolment={enrolment} />
      {alert}
      <Form layout="vertical" onFinish={confirm} requiredMark={false}>
        <Form.Item
          name="code"
          label={t('totp.code')}
          rules={[
            { required: true, message: t('signIn.totpRequired') },
            { pattern: /^\s*\d{6}\s*$/, message: t('totp.codeFormat') },
          ]}
        >
          <Input
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            style={{ maxWidth: 200 }}
            data-testid="totp-confirm-code"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-confirm-submit">
          {t('totp.confirm')}
        </Button>
      </Form>
    </Flex>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { disableTotp } from '../../api/account';
import { describeError } from '../../api/errors';
import { refreshMe } from '../../api/session';
import { TotpEnrolPanel } from '../../components/totp/TotpEnrolPanel';
import { useT } from '../../i18n/useT';

/** Turn two-factor authentication on (enrolment) or off (with the password). */
export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<'enable' | 'disable' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function close() {
    setOpen(null);
    setError(null);
  }

  async function enrolled() {
    close();
    await refreshMe(queryClient);
  }

  async function turnOff(values: { password: string }) {
    setBusy(true);
    setError(null);
    try {
      await disableTotp(values.password);
      message.success(t('account.totp.disabled'));
      close();
      await refreshMe(queryClient);
    } catch (cause) {
      setError(describeError(t, cause, { INVALID_CREDENTIALS: 'account.password.currentWrong' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title={t('account.totp.title')}
      style={{ height: '100%' }}
      extra={enabled ? <Tag color="success">{t('account.on')}</Tag> : <Tag>{t('account.off')}</Tag>}
    >
      <Typography.Paragraph>
        {enabled ? t('account.totp.on') : t('account.totp.off')}
      </Typography.Paragraph>
      {enabled ? (
        <Button danger onClick={() => setOpen('disable')}>
          {t('account.totp.disable')}
        </Button>
      ) : (
        <Button type="primary" onClick={() => setOpen('enable')}>
          {t('account.totp.enable')}
        </Button>
      )}
      <Modal
        open={open === 'enable'}
        title={t('signIn.enrolTitle')}
        footer={null}
        onCancel={close}
        destroyOnHidden
        width={640}
      >
        <TotpEnrolPanel onDone={enrolled} />
      </Modal>
      <Modal
        open={open === 'disable'}
        title={t('account.totp.disableTitle')}
        footer={null}
        onCancel={close}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={turnOff} requiredMark={false}>
          {error ? (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />
          ) : null}
          <Form.Item
            name="password"
            label={t('totp.passwordPrompt')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button danger type="primary" htmlType="submit" loading={busy}>
            {t('account.totp.disable')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}

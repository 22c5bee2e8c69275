import { SafetyOutlined } from '@ant-design/icons';
import { Button, Flex, Form, type FormInstance, Input, Typography } from 'antd';
import { useT } from '../../i18n/useT';

export function TotpForm({
  form,
  busy,
  onSubmit,
  onBack,
}: {
  form: FormInstance<{ code: string }>;
  busy: boolean;
  onSubmit: (code: string) => void;
  onBack: () => void;
}) {
  const t = useT();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => onSubmit(values.code.trim())}
      requiredMark={false}
    >
      <Typography.Paragraph type="secondary">{t('signIn.totpHint')}</Typography.Paragraph>
      <Form.Item
        name="code"
        label={t('signIn.totpCode')}
        rules={[{ required: true, whitespace: true, message: t('signIn.totpRequired') }]}
      >
        {/* Six digits from the app, or a longer backup code: no stricter pattern here. */}
        <Input
          prefix={<SafetyOutlined />}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={32}
          autoFocus
          data-testid="login-totp"
        />
      </Form.Item>
      <Flex vertical gap={8}>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={busy}
          data-testid="login-totp-submit"
        >
          {t('signIn.totpSubmit')}
        </Button>
        <Button type="link" onClick={onBack}>
          {t('signIn.back')}
        </Button>
      </Flex>
    </Form>
  );
}

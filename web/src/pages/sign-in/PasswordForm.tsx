import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance, Input } from 'antd';
import { useT } from '../../i18n/useT';

export interface Credentials {
  username: string;
  password: string;
}

export function PasswordForm({
  form,
  busy,
  onSubmit,
}: {
  form: FormInstance<Credentials>;
  busy: boolean;
  onSubmit: (values: Credentials) => void;
}) {
  const t = useT();
  return (
    <Form form={form} layout="vertical" onFinish={onSubmit} requiredMark={false}>
      <Form.Item
        name="username"
        label={t('signIn.username')}
        rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
      >
        <Input
          prefix={<UserOutlined />}
          autoComplete="username"
          autoFocus
          data-testid="login-username"
        />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('signIn.password')}
        rules={[{ required: true, message: t('signIn.passwordRequired') }]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="current-password"
          data-testid="login-password"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
        {t('signIn.submit')}
      </Button>
    </Form>
  );
}

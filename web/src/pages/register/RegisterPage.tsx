import { LockOutlined, MailOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { type CodeSent, register, sendRegistrationCode, useTerms } from '../../api/enterprise';
import { applyFieldErrors, describeError } from '../../api/errors';
import { refreshMe } from '../../api/session';
import { AuthFrame } from '../../components/AuthFrame';
import { useT } from '../../i18n/useT';
import { isStrongPassword } from '../../lib/password';
import { useFormSubmission } from '../../lib/useFormSubmission';
import { homePath } from '../../routing/homePath';

interface RegisterValues {
  mobile: string;
  code: string;
  name: string;
  password: string;
  email?: string;
  acceptTerms: boolean;
}

const MOBILE = /^1\d{10}$/;

/** A countdown in whole seconds; `start(n)` begins again from n. */
function useCountdown() {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((value) => value - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return { left, start: setLeft };
}

/** 企业注册 (public): mobile and SMS code, name, password, terms; signs the agent in. */
export default function RegisterPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegisterValues>();
  const terms = useTerms();
  const countdown = useCountdown();
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [sending, setSending] = useState(false);
  const { busy, error, setError, run } = useFormSubmission(form);
  const [termsOpen, setTermsOpen] = useState(false);
  const password = Form.useWatch('password', form) ?? '';

  async function sendCode() {
    setError(null);
    try {
      await form.validateFields(['mobile']);
    } catch {
      return;
    }
    setSending(true);
    try {
      const result = await sendRegistrationCode(String(form.getFieldValue('mobile')).trim());
      setSent(result);
      countdown.start(result.resendAfterSeconds || 60);
    } catch (cause) {
      if (isApiError(cause) && cause.status === 429 && cause.retryAfter) {
        // Too soon (CODE_TOO_SOON) or too many (RATE_LIMITED): the button counts down.
        countdown.start(cause.retryAfter);
        setError(
          t(
            cause.code === 'CODE_TOO_SOON'
              ? 'error.CODE_TOO_SOON_SECONDS'
              : 'error.RATE_LIMITED_SECONDS',
            { seconds: cause.retryAfter },
          ),
        );
      } else {
        applyFieldErrors(form, cause);
        setError(describeError(t, cause));
      }
    } finally {
      setSending(false);
    }
  }

  async function submit(values: RegisterValues) {
    if (!terms.data) return;
    await run(async () => {
      await register({
        mobile: values.mobile.trim(),
        code: values.code.trim(),
        name: values.name.trim(),
        password: values.password,
        email: values.email?.trim() || undefined,
        acceptTerms: values.acceptTerms,
        termsVersion: terms.data.version,
      });
      const me = await refreshMe(queryClient);
      await navigate(homePath(me), { replace: true });
    });
  }

  return (
    <AuthFrame title={t('register.title')}>
      <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          role="alert"
          style={{ marginBottom: 16 }}
          data-testid="register-error"
        />
      ) : null}
      {sent?.demoCode ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <span>
              {t('register.demoCode')}
              <Typography.Text strong copyable data-testid="register-demo-code">
                {sent.demoCode}
              </Typography.Text>
            </span>
          }
        />
      ) : sent ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('register.codeSent', {
            mobile: sent.sentTo,
            minutes: Math.round(sent.expiresInSeconds / 60),
          })}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ acceptTerms: false }}
      >
        <Form.Item label={t('register.mobile')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="mobile"
              noStyle
              rules={[{ required: true, pattern: MOBILE, message: t('register.mobileRule') }]}
            >
              <Input
                prefix={<MobileOutlined />}
                aria-label={t('register.mobile')}
                maxLength={11}
                inputMode="numeric"
                autoComplete="tel"
                data-testid="register-mobile"
              />
            </Form.Item>
            <Button
              onClick={sendCode}
              loading={sending}
              disabled={countdown.left > 0}
              data-testid="register-send-code"
            >
              {countdown.left > 0
                ? t('register.resendIn', { seconds: countdown.left })
                : t('register.sendCode')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          name="code"
          label={t('register.code')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('register.codeRule') }]}
        >
          <Input
            maxLength={6}
            inputMode="numeric"
            autoComplete="one-time-code"
            data-testid="register-code"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('register.name')}
          rules={[{ required: true, whitespace: true, message: t('register.nameRule') }]}
        >
          <Input prefix={<UserOutlined />} maxLength={50} data-testid="register-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('register.password')}
          extra={
            password && isStrongPassword(password) ? (
              <Typography.Text type="success">{t('register.passwordStrong')}</Typography.Text>
            ) : (
              t('register.passwordHint')
            )
          }
          rules={[
            { required: true, message: t('register.passwordHint') },
            {
              validator: (_rule, value: string | undefined) =>
                !value || isStrongPassword(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('register.passwordHint'))),
            },
          ]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="new-password"
            data-testid="register-password"
          />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('register.email')}
          rules={[{ type: 'email', message: t('users.emailRule') }]}
        >
          <Input prefix={<MailOutlined />} autoComplete="email" data-testid="register-email" />
        </Form.Item>
        <Form.Item
          name="acceptTerms"
          valuePropName="checked"
          rules={[
            {
              validator: (_rule, value: boolean) =>
                value ? Promise.resolve() : Promise.reject(new Error(t('register.termsRequired'))),
            },
          ]}
        >
          <Checkbox data-testid="register-terms">
            {t('register.terms')}
            <Typography.Link
              onClick={(event) => {
                event.preventDefault();
                setTermsOpen(true);
              }}
              data-testid="register-terms-link"
            >
              {t('register.termsLink')}
            </Typography.Link>
          </Checkbox>
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={busy}
          disabled={!terms.data}
          data-testid="register-submit"
        >
          {t('register.submit')}
        </Button>
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <Link to="/sign-in">{t('register.haveAccount')}</Link>
        </div>
      </Form>
      <Modal
        open={termsOpen}
        title={terms.data?.title}
        onCancel={() => setTermsOpen(false)}
        onOk={() => {
          form.setFieldValue('acceptTerms', true);
          setTermsOpen(false);
        }}
        okText={t('register.terms').trim()}
        width={720}
      >
        {terms.isPending ? (
          <Spin />
        ) : terms.isError ? (
          <Alert type="error" title={describeError(t, terms.error)} />
        ) : (
          <div style={{ whiteSpace: 'pre-wrap', maxHeight: '60vh', overflow: 'auto' }}>
            {terms.data.text}
          </div>
        )}
      </Modal>
    </AuthFrame>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { applyFieldErrors, describeError } from '../../api/errors';
import { refreshMe, signIn, submitTotp, useMe } from '../../api/session';
import { useSystemInfo } from '../../api/system';
import type { DemoLogin } from '../../api/types';
import { AuthFrame } from '../../components/AuthFrame';
import { TotpEnrolPanel } from '../../components/totp/TotpEnrolPanel';
import { useT } from '../../i18n/useT';
import { homePath } from '../../routing/homePath';
import { readSignInState } from '../../routing/signInState';
import { DemoLogins } from './DemoLogins';
import { type Credentials, PasswordForm } from './PasswordForm';
import { TotpForm } from './TotpForm';

type Step = { kind: 'password' } | { kind: 'totp' } | { kind: 'enrol'; password: string };

/** 登录: password, then a TOTP code or a TOTP enrolment when the server asks for one. */
export default function SignInPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { from, expired } = readSignInState(useLocation().state);
  const { data: info } = useSystemInfo();
  const me = useMe();
  const [passwordForm] = Form.useForm<Credentials>();
  const [totpForm] = Form.useForm<{ code: string }>();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempted, setAttempted] = useState(false);

  // Already signed in (e.g. a second tab): go to the workspace.
  if (step.kind === 'password' && me.data && !busy) {
    return <Navigate to={homePath(me.data, from)} replace />;
  }

  async function enterWorkspace() {
    const current = await refreshMe(queryClient);
    await navigate(homePath(current, from), { replace: true });
  }

  async function submitPassword({ username, password }: Credentials) {
    setBusy(true);
    setError(null);
    setAttempted(true);
    try {
      const { status } = await signIn(username.trim(), password);
      if (status === 'totp-required') {
        setStep({ kind: 'totp' });
      } else if (status === 'totp-enrolment-required') {
        setStep({ kind: 'enrol', password });
      } else {
        await enterWorkspace();
      }
    } catch (cause) {
      applyFieldErrors(passwordForm, cause);
      setError(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(code: string) {
    setBusy(true);
    setError(null);
    try {
      await submitTotp(code);
      await enterWorkspace();
    } catch (cause) {
      if (isApiError(cause, 'UNAUTHENTICATED')) {
        backToPassword(t('signIn.pendingExpired'));
      } else {
        totpForm.resetFields();
        setError(describeError(t, cause));
      }
    } finally {
      setBusy(false);
    }
  }

  function backToPassword(reason: string | null = null) {
    passwordForm.setFieldValue('password', '');
    setStep({ kind: 'password' });
    setError(reason);
  }

  function pickDemo(login: DemoLogin) {
    backToPassword();
    passwordForm.setFieldsValue({ username: login.username, password: login.password });
  }

  const titles = {
    password: t('signIn.title'),
    totp: t('signIn.totpTitle'),
    enrol: t('signIn.enrolTitle'),
  } as const;
  const demoLogins = info?.demo ? info.demoLogins : [];

  return (
    <AuthFrame
      title={titles[step.kind]}
      aside={
        step.kind === 'password' && demoLogins.length > 0 ? (
          <DemoLogins logins={demoLogins} onPick={pickDemo} />
        ) : null
      }
    >
      {expired && !attempted ? (
        <Alert
          type="warning"
          showIcon
          title={t('signIn.expired')}
          style={{ marginBottom: 16 }}
          data-testid="session-expired"
        />
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          role="alert"
          style={{ marginBottom: 16 }}
          data-testid="login-error"
        />
      ) : null}
      {step.kind === 'password' ? (
        <>
          <PasswordForm form={passwordForm} busy={busy} onSubmit={submitPassword} />
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to="/register" data-testid="register-link">
              {t('register.link')}
            </Link>
            <span aria-hidden="true"> · </span>
            <Link to="/transparency" data-testid="transparency-link">
              {t('transparency.title')}
            </Link>
          </div>
        </>
      ) : null}
      {step.kind === 'totp' ? (
        <TotpForm
          form={totpForm}
          busy={busy}
          onSubmit={submitCode}
          onBack={() => backToPassword()}
        />
      ) : null}
      {step.kind === 'enrol' ? (
        <>
          <Typography.Paragraph>{t('signIn.enrolIntro')}</Typography.Paragraph>
          <TotpEnrolPanel password={step.password} onDone={enterWorkspace} />
        </>
      ) : null}
    </AuthFrame>
  );
}

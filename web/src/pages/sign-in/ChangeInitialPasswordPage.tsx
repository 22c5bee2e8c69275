import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { refreshMe, useMe } from '../../api/session';
import { AuthFrame } from '../../components/AuthFrame';
import { FullPageSpin } from '../../components/FullPageSpin';
import { QueryError } from '../../components/QueryError';
import { useSignOut } from '../../components/useSignOut';
import { useT } from '../../i18n/useT';
import { homePath } from '../../routing/homePath';
import { ChangePasswordForm } from '../account/ChangePasswordCard';

/**
 * 修改初始密码: after signing in with a temporary password an administrator set, this is the
 * only page the user can use (every other API answers 403 PASSWORD_CHANGE_REQUIRED) until the
 * password is theirs; then on to the TOTP enrolment if owed, or the workspace.
 */
export default function ChangeInitialPasswordPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const { signOut, pending } = useSignOut();

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) return <FullPageSpin />;
    return <QueryError error={me.error} onRetry={() => me.refetch()} />;
  }
  if (!me.data.user.passwordChangeRequired) return <Navigate to={homePath(me.data)} replace />;

  async function done() {
    const current = await refreshMe(queryClient);
    await navigate(homePath(current), { replace: true });
  }

  return (
    <AuthFrame title={t('passwordChange.title')}>
      <Flex vertical gap={16} data-testid="password-change-required">
        <Alert type="info" showIcon title={t('passwordChange.intro')} />
        <ChangePasswordForm
          currentLabel={t('passwordChange.current')}
          submitLabel={t('passwordChange.submit')}
          onChanged={done}
        />
        <Button type="link" onClick={signOut} loading={pending} data-testid="sign-out">
          {t('header.signOut')}
        </Button>
      </Flex>
    </AuthFrame>
  );
}

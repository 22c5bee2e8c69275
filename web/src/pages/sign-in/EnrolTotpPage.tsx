import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { refreshMe, useMe } from '../../api/session';
import { AuthFrame } from '../../components/AuthFrame';
import { FullPageSpin } from '../../components/FullPageSpin';
import { QueryError } from '../../components/QueryError';
import { TotpEnrolPanel } from '../../components/totp/TotpEnrolPanel';
import { useSignOut } from '../../components/useSignOut';
import { useT } from '../../i18n/useT';
import { homePath } from '../../routing/homePath';

/**
 * While the server requires TOTP enrolment, this is the only page the user can use
 * (every other API answers 403 TOTP_ENROLMENT_REQUIRED).
 */
export default function EnrolTotpPage() {
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
  if (!me.data.user.totpEnrolmentRequired || me.data.user.passwordChangeRequired) {
    return <Navigate to={homePath(me.data)} replace />;
  }

  async function done() {
    const current = await refreshMe(queryClient);
    await navigate(homePath(current), { replace: true });
  }

  return (
    <AuthFrame title={t('signIn.enrolTitle')}>
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('signIn.enrolIntro')}</Typography.Paragraph>
        <TotpEnrolPanel onDone={done} />
        <Button type="link" onClick={signOut} loading={pending} data-testid="sign-out">
          {t('header.signOut')}
        </Button>
      </Flex>
    </AuthFrame>
  );
}

import { Button, Result } from 'antd';
import { useSignOut } from '../components/useSignOut';
import { useT } from '../i18n/useT';

/** A role this UI does not know (yet): say so plainly and let the user sign out. */
export function NoWorkspace({ role }: { role: string }) {
  const t = useT();
  const { signOut, pending } = useSignOut();
  return (
    <Result
      status="warning"
      title={t('forbidden.title')}
      subTitle={t('noWorkspace.subTitle', { role })}
      extra={
        <Button onClick={signOut} loading={pending} data-testid="sign-out">
          {t('header.signOut')}
        </Button>
      }
    />
  );
}

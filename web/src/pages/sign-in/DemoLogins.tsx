import { Button, Card, Flex, Tag, Typography } from 'antd';
import type { DemoLogin } from '../../api/types';
import { useT } from '../../i18n/useT';
import { roleLabel } from '../../lib/labels';

/** Demo servers list their accounts; a click fills the sign-in form. */
export function DemoLogins({
  logins,
  onPick,
}: {
  logins: DemoLogin[];
  onPick: (login: DemoLogin) => void;
}) {
  const t = useT();
  return (
    <Card title={t('signIn.demoTitle')} style={{ width: '100%', maxWidth: 440 }}>
      <Typography.Paragraph type="secondary">{t('signIn.demoHint')}</Typography.Paragraph>
      <Flex vertical gap={8}>
        {logins.map((login) => (
          <Button
            key={login.username}
            block
            onClick={() => onPick(login)}
            style={{ height: 'auto', padding: '8px 12px', justifyContent: 'flex-start' }}
            data-testid={`demo-login-${login.username}`}
          >
            <Flex vertical align="flex-start" style={{ textAlign: 'start', whiteSpace: 'normal' }}>
              <span>
                <Typography.Text strong>{login.name}</Typography.Text>
                {' · '}
                {roleLabel(t, login.role)}
                {login.totp ? (
                  <Tag color="blue" style={{ marginInlineStart: 8 }}>
                    {t('signIn.demoTotp')}
                  </Tag>
                ) : null}
              </span>
              <Typography.Text type="secondary">
                {login.organisation} · {login.username}
              </Typography.Text>
              {login.totpSecret ? (
                <Typography.Text type="secondary" className="mono">
                  {t('signIn.demoTotpSecret', { secret: login.totpSecret })}
                </Typography.Text>
              ) : null}
            </Flex>
          </Button>
        ))}
      </Flex>
    </Card>
  );
}

import { Card, Descriptions, Tag } from 'antd';
import { useSystemInfo } from '../../api/system';
import type { Me } from '../../api/types';
import { useT } from '../../i18n/useT';
import { roleLabel } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';

/** Who is signed in, for whom, and what time the platform thinks it is. */
export function ProfileSummary({ me }: { me: Me }) {
  const t = useT();
  const { data: info } = useSystemInfo();
  const { user } = me;
  return (
    <Card
      title={
        // The home page's one h1, in the card title's own font.
        <h1 style={{ margin: 0, font: 'inherit' }}>{t('home.greeting', { name: user.name })}</h1>
      }
    >
      <Descriptions
        column={{ xs: 1, md: 2, xl: 4 }}
        items={[
          { key: 'role', label: t('account.role'), children: roleLabel(t, user.role) },
          { key: 'org', label: t('account.organisation'), children: user.organisation.name },
          {
            key: 'totp',
            label: t('account.twoFactor'),
            children: user.twoFactorEnabled ? (
              <Tag color="success">{t('account.on')}</Tag>
            ) : (
              <Tag>{t('account.off')}</Tag>
            ),
          },
          {
            key: 'time',
            label: info?.fakeNow ? t('home.simulated') : t('home.systemTime'),
            children: info ? formatDateTime(info.now) : '—',
          },
        ]}
      />
    </Card>
  );
}

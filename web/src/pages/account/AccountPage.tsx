import { Card, Col, Descriptions, Row } from 'antd';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n/useT';
import { roleLabel } from '../../lib/labels';
import { ChangePasswordCard } from './ChangePasswordCard';
import { SessionsCard } from './SessionsCard';
import { TwoFactorCard } from './TwoFactorCard';

/** 账户设置: profile, password, two-factor authentication and sessions. */
export default function AccountPage() {
  const t = useT();
  const { data: me } = useMe();
  if (!me) return null;
  const { user } = me;
  return (
    <>
      <PageHeader title={t('feature.account.label')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('account.profile')} style={{ height: '100%' }}>
            <Descriptions
              column={1}
              items={[
                { key: 'username', label: t('account.username'), children: user.username },
                { key: 'name', label: t('account.name'), children: user.name },
                { key: 'role', label: t('account.role'), children: roleLabel(t, user.role) },
                {
                  key: 'org',
                  label: t('account.organisation'),
                  children: user.organisation.name,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <TwoFactorCard enabled={user.twoFactorEnabled} />
        </Col>
        <Col xs={24} xl={12}>
          <ChangePasswordCard />
        </Col>
        <Col span={24}>
          <SessionsCard />
        </Col>
      </Row>
    </>
  );
}

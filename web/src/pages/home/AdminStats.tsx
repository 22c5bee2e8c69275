import { Card, Col, Row, Statistic } from 'antd';
import { useUsers } from '../../api/admin';
import { useAuditEvents } from '../../api/audit';
import { useSystemInfo } from '../../api/system';
import type { Me } from '../../api/types';
import { useT } from '../../i18n/useT';
import { startOfBusinessDay } from '../../lib/time';

/** Real figures only, and only those this user may read: user count, today's audit records. */
export function AdminStats({ me }: { me: Me }) {
  const canManageUsers = me.permissions.includes('users.manage');
  const canReadAudit = me.permissions.includes('audit.read');
  if (!canManageUsers && !canReadAudit) return null;
  return (
    <Row gutter={[16, 16]}>
      {canManageUsers ? <UserTotal /> : null}
      {canReadAudit ? <AuditToday /> : null}
    </Row>
  );
}

function UserTotal() {
  const t = useT();
  const users = useUsers({ page: 1, pageSize: 1 });
  return (
    <Col xs={24} sm={12} xl={6}>
      <Card>
        <Statistic
          title={t('home.userTotal')}
          value={users.data?.total ?? '—'}
          loading={users.isPending}
        />
      </Card>
    </Col>
  );
}

function AuditToday() {
  const t = useT();
  const { data: info } = useSystemInfo();
  const from = info ? startOfBusinessDay(info.now) : undefined;
  const all = useAuditEvents({ from, page: 1, pageSize: 1 }, from !== undefined);
  const denied = useAuditEvents({ from, outcome: 'denied', page: 1, pageSize: 1 }, !!from);
  const failed = useAuditEvents({ from, outcome: 'failure', page: 1, pageSize: 1 }, !!from);
  const refused = denied.data && failed.data ? denied.data.total + failed.data.total : undefined;
  return (
    <>
      <Col xs={24} sm={12} xl={6}>
        <Card>
          <Statistic
            title={t('home.auditToday')}
            value={all.data?.total ?? '—'}
            loading={all.isPending}
          />
        </Card>
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <Card>
          <Statistic
            title={t('home.auditDeniedToday')}
            value={refused ?? '—'}
            loading={denied.isPending || failed.isPending}
          />
        </Card>
      </Col>
    </>
  );
}

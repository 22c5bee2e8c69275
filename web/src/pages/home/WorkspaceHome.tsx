import { Flex, Typography } from 'antd';
import { useMe } from '../../api/session';
import type { Role } from '../../api/types';
import { useT } from '../../i18n/useT';
import { menuFeatures } from '../../workspace/workspaces';
import { AdminStats } from './AdminStats';
import { CapabilityCards } from './CapabilityCards';
import { ProfileSummary } from './ProfileSummary';

/** A workspace's home: who you are, what this workspace is for, and the way to each task. */
export default function WorkspaceHome({ role }: { role: Role }) {
  const t = useT();
  const { data: me } = useMe();
  if (!me) return null;
  const features = menuFeatures(role, me.permissions).filter(
    (f) => f.key !== 'account' && f.key !== 'notifications',
  );
  return (
    <Flex vertical gap={16} data-testid="workspace-home">
      <ProfileSummary me={me} />
      <Typography.Paragraph style={{ margin: 0, fontSize: 15 }}>
        {t(`workspace.${role}.intro`)}
      </Typography.Paragraph>
      <AdminStats me={me} />
      <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
        {t('home.capabilities')}
      </Typography.Title>
      <CapabilityCards role={role} features={features} />
    </Flex>
  );
}

import { useMe } from '../api/session';
import type { Role } from '../api/types';
import { Forbidden } from '../components/Forbidden';
import { PAGES } from '../pages/registry';
import type { Feature } from '../workspace/features';
import { menuFeatures } from '../workspace/workspaces';

/** A menu entry's page, if the user may use it. */
export function FeatureRoute({ role, feature }: { role: Role; feature: Feature }) {
  const { data: me } = useMe();
  const permissions = me?.permissions ?? [];
  if (!menuFeatures(role, permissions).some((item) => item.key === feature.key)) {
    return <Forbidden />;
  }
  const Page = PAGES[feature.key];
  return <Page />;
}

import { useMe } from '../api/session';
import type { Role } from '../api/types';
import { Forbidden } from '../components/Forbidden';
import { UnderConstruction } from '../components/UnderConstruction';
import { useT } from '../i18n/useT';
import { PAGES } from '../pages/registry';
import type { Feature } from '../workspace/features';
import { menuFeatures, WORKSPACES } from '../workspace/workspaces';

/** A menu entry's page, if the user may use it; “建设中” if it is not built yet. */
export function FeatureRoute({ role, feature }: { role: Role; feature: Feature }) {
  const t = useT();
  const { data: me } = useMe();
  const permissions = me?.permissions ?? [];
  if (!menuFeatures(role, permissions).some((item) => item.key === feature.key)) {
    return <Forbidden />;
  }
  const Page = PAGES[feature.key];
  if (!Page) {
    return (
      <UnderConstruction
        feature={t(`feature.${feature.key}.label`)}
        homeHref={WORKSPACES[role].base}
      />
    );
  }
  return <Page />;
}

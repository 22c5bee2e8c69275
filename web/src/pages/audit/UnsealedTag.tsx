import { Tag, Tooltip } from 'antd';
import { useT } from '../../i18n/useT';

/** A row written with its change but not yet sealed into the hash chain (no seq yet). */
export function UnsealedTag() {
  const t = useT();
  return (
    <Tooltip title={t('audit.unsealedHint')}>
      <Tag data-testid="audit-unsealed">{t('audit.unsealed')}</Tag>
    </Tooltip>
  );
}

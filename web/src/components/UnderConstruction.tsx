import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n/useT';

/** The honest answer for a menu entry whose page is not built yet: no made-up data. */
export function UnderConstruction({ feature, homeHref }: { feature: string; homeHref: string }) {
  const t = useT();
  return (
    <Result
      status="info"
      title={t('building.title')}
      subTitle={t('building.subTitle', { feature })}
      extra={
        <Link to={homeHref}>
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
      data-testid="under-construction"
    />
  );
}

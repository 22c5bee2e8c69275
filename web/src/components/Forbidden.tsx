import { Result } from 'antd';
import { useT } from '../i18n/useT';

export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.subTitle')}
      data-testid="forbidden"
    />
  );
}

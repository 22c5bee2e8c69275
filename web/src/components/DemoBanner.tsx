import { Alert } from 'antd';
import { useSystemInfo } from '../api/system';
import { useT } from '../i18n/useT';
import { formatDateTime } from '../lib/time';

/** On a demo server, every page says so, and shows the simulated clock when there is one. */
export function DemoBanner() {
  const t = useT();
  const { data } = useSystemInfo();
  if (!data?.demo) return null;
  const title = data.fakeNow
    ? `${t('demo.banner')}　${t('demo.fakeNow', { time: formatDateTime(data.now) })}`
    : t('demo.banner');
  return <Alert banner type="warning" showIcon title={title} data-testid="demo-banner" />;
}

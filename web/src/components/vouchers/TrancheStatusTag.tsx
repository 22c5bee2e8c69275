import { Tag } from 'antd';
import type { TrancheStatus } from '../../api/types';
import { useT } from '../../i18n/useT';

const COLOURS: Record<TrancheStatus, string> = {
  pending: 'default',
  active: 'success',
  expired: 'error',
  exhausted: 'warning',
};

/** 未生效 / 可使用 / 已到期 / 已用完 */
export function TrancheStatusTag({ status }: { status: TrancheStatus }) {
  const t = useT();
  return <Tag color={COLOURS[status] ?? 'default'}>{t(`tranche.status.${status}`)}</Tag>;
}

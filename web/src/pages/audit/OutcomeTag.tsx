import { Tag } from 'antd';
import type { AuditOutcome } from '../../api/types';
import { useT } from '../../i18n/useT';

const COLOURS: Record<AuditOutcome, string> = {
  success: 'success',
  failure: 'error',
  denied: 'warning',
};

export function OutcomeTag({ outcome }: { outcome: AuditOutcome }) {
  const t = useT();
  return <Tag color={COLOURS[outcome] ?? 'default'}>{t(`audit.outcome.${outcome}`)}</Tag>;
}

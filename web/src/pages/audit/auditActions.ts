import type { Translate } from '../../i18n/context';
import { hasMessage } from '../../i18n/messages';
import { auditActions } from '../../locales/zh-CN/auditActions';

/** Every audit code the UI has a name for (server codes without one show as they are). */
export const AUDIT_ACTION_CODES = Object.keys(auditActions).map((key) =>
  key.slice('auditAction.'.length),
);

/** `claims.approve` → 认领审核通过（发券）; a code without a name (a route's default) as it is. */
export function auditActionName(t: Translate, code: string): string {
  const key = `auditAction.${code}`;
  return hasMessage(key) ? t(key) : code;
}

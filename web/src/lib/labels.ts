import type { Translate } from '../i18n/context';
import { hasMessage } from '../i18n/messages';

/** A role's name in the current language; an unknown code is shown as it is. */
export function roleLabel(t: Translate, role: string | null | undefined): string {
  if (!role) return '—';
  const key = `role.${role}`;
  return hasMessage(key) ? t(key) : role;
}

export function orgKindLabel(t: Translate, kind: string): string {
  const key = `orgKind.${kind}`;
  return hasMessage(key) ? t(key) : kind;
}

/** The four categories of the measures (计算、存储、网络、安全防护), in their order. */
export const CATEGORIES = ['compute', 'storage', 'network', 'security'] as const;

/** A service category's name; a category this UI does not know is shown as it is. */
export function categoryLabel(t: Translate, category: string): string {
  const key = `category.${category}`;
  return hasMessage(key) ? t(key) : category;
}

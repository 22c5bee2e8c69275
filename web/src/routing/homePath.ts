import { isRole, type Me } from '../api/types';
import { WORKSPACES } from '../workspace/workspaces';

/**
 * Where a signed-in user belongs: the change of a temporary password, then the TOTP enrolment
 * when they are required, otherwise their workspace (or the page they were sent away from, if
 * it is inside that workspace).
 */
export function homePath(me: Me, from?: string | null): string {
  if (me.user.passwordChangeRequired) return '/change-password';
  if (me.user.totpEnrolmentRequired) return '/enrol-totp';
  if (!isRole(me.user.role)) return '/';
  const { base } = WORKSPACES[me.user.role];
  if (from && (from === base || from.startsWith(`${base}/`) || from.startsWith(`${base}?`))) {
    return from;
  }
  return base;
}

import { Navigate } from 'react-router';
import { isApiError } from '../api/client';
import { useMe } from '../api/session';
import { isRole, type Role } from '../api/types';
import { FullPageSpin } from '../components/FullPageSpin';
import { QueryError } from '../components/QueryError';
import { WorkspaceLayout } from '../components/WorkspaceLayout';
import { WORKSPACES } from '../workspace/workspaces';
import { NoWorkspace } from './NoWorkspace';

/**
 * The gate of a workspace: signed in, no temporary password left to change, enrolled in TOTP
 * when required, and of this role.
 * Anyone else is sent where they belong.
 */
export function RequireWorkspace({ role }: { role: Role }) {
  const me = useMe();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    // A lost session is handled by the API client, which opens the sign-in page.
    if (isApiError(me.error) && me.error.status === 401) return <FullPageSpin />;
    return <QueryError error={me.error} onRetry={() => me.refetch()} />;
  }
  const { user } = me.data;
  if (user.passwordChangeRequired) return <Navigate to="/change-password" replace />;
  if (user.totpEnrolmentRequired) return <Navigate to="/enrol-totp" replace />;
  if (user.role !== role) {
    return isRole(user.role) ? (
      <Navigate to={WORKSPACES[user.role].base} replace />
    ) : (
      <NoWorkspace role={user.role} />
    );
  }
  return <WorkspaceLayout role={role} me={me.data} />;
}

import { Navigate } from 'react-router';
import { isApiError } from '../api/client';
import { useMe } from '../api/session';
import { isRole } from '../api/types';
import { FullPageSpin } from '../components/FullPageSpin';
import { QueryError } from '../components/QueryError';
import { homePath } from './homePath';
import { NoWorkspace } from './NoWorkspace';

/** `/`: the signed-in user's workspace, or the sign-in page. */
export function HomeRedirect() {
  const me = useMe();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    // A missing session is handled by the API client, which opens the sign-in page.
    if (isApiError(me.error) && me.error.status === 401) return <FullPageSpin />;
    return <QueryError error={me.error} onRetry={() => me.refetch()} />;
  }
  const { user } = me.data;
  if (!user.passwordChangeRequired && !user.totpEnrolmentRequired && !isRole(user.role)) {
    return <NoWorkspace role={me.data.user.role} />;
  }
  return <Navigate to={homePath(me.data)} replace />;
}

import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/client';
import { describeError } from '../api/errors';
import { forgetSession, signOut } from '../api/session';
import { useT } from '../i18n/useT';

/** Signs out, forgets the cached data and returns to the sign-in page. */
export function useSignOut() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);

  const run = useCallback(async () => {
    setPending(true);
    try {
      await signOut();
    } catch (error) {
      // An already-ended session is signed out anyway; anything else is worth saying.
      if (!(isApiError(error) && error.status === 401)) {
        message.error(describeError(t, error));
        setPending(false);
        return;
      }
    }
    await navigate('/sign-in', { replace: true });
    forgetSession(queryClient);
    message.success(t('header.signedOut'));
    setPending(false);
  }, [message, navigate, queryClient, t]);

  return { signOut: run, pending };
}

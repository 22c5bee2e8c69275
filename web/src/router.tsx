import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { setSessionErrorHandler } from './api/client';
import { forgetSession, meKey } from './api/session';
import { ROLES } from './api/types';
import { NotFound } from './components/NotFound';
import { queryClient } from './queryClient';
import { FeatureRoute } from './routing/FeatureRoute';
import { HomeRedirect } from './routing/HomeRedirect';
import { RequireWorkspace } from './routing/RequireWorkspace';
import { RootLayout } from './routing/RootLayout';
import type { SignInState } from './routing/signInState';
import { routableFeatures, WORKSPACES } from './workspace/workspaces';

const SignInPage = lazy(() => import('./pages/sign-in/SignInPage'));
const EnrolTotpPage = lazy(() => import('./pages/sign-in/EnrolTotpPage'));
const ChangeInitialPasswordPage = lazy(() => import('./pages/sign-in/ChangeInitialPasswordPage'));
const RegisterPage = lazy(() => import('./pages/register/RegisterPage'));
const TransparencyPage = lazy(() => import('./pages/transparency/TransparencyPage'));
const WorkspaceHome = lazy(() => import('./pages/home/WorkspaceHome'));

/** One workspace per role: `/<base>` is its home, `/<base>/<feature>` its menu entries. */
const workspaceRoutes: RouteObject[] = ROLES.map((role) => ({
  path: WORKSPACES[role].base.slice(1),
  element: <RequireWorkspace role={role} />,
  children: [
    { index: true, element: <WorkspaceHome role={role} /> },
    ...routableFeatures(role).map((feature) => ({
      path: feature.path,
      element: <FeatureRoute role={role} feature={feature} />,
    })),
    { path: '*', element: <NotFound /> },
  ],
}));

export const router = createBrowserRouter([
  {
    path: '/',
    element: <RootLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: 'enrol-totp', element: <EnrolTotpPage /> },
      { path: 'change-password', element: <ChangeInitialPasswordPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'transparency', element: <TransparencyPage /> },
      ...workspaceRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
]);

/**
 * When the server says the session is gone (401 UNAUTHENTICATED or SESSION_EXPIRED), open
 * the sign-in page; if the user had been signed in, it says “登录已超时，请重新登录”.
 * When it says a TOTP enrolment must come first (403 TOTP_ENROLMENT_REQUIRED), open that; the
 * same for a temporary password to replace (403 PASSWORD_CHANGE_REQUIRED).
 */
const FIRST_STEP_PAGES: Record<string, string | undefined> = {
  TOTP_ENROLMENT_REQUIRED: '/enrol-totp',
  PASSWORD_CHANGE_REQUIRED: '/change-password',
};

setSessionErrorHandler((error) => {
  const { pathname, search } = router.state.location;
  const firstStep = FIRST_STEP_PAGES[error.code];
  if (firstStep) {
    if (pathname === firstStep || pathname === '/sign-in') return;
    void queryClient.invalidateQueries({ queryKey: meKey });
    void router.navigate(firstStep, { replace: true });
    return;
  }
  if (pathname === '/sign-in') return;
  const wasSignedIn = queryClient.getQueryData(meKey) !== undefined;
  const state: SignInState = {
    from: pathname + search,
    expired: wasSignedIn || error.code === 'SESSION_EXPIRED',
  };
  void router.navigate('/sign-in', { replace: true, state }).then(() => forgetSession(queryClient));
});

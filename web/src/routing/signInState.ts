/** What the sign-in page is told when the app sends someone there. */
export interface SignInState {
  /** The page to return to after signing in. */
  from?: string;
  /** The session ended under the user: say “登录已超时，请重新登录”. */
  expired?: boolean;
}

export function readSignInState(state: unknown): SignInState {
  if (!state || typeof state !== 'object') return {};
  const { from, expired } = state as Record<string, unknown>;
  return {
    from: typeof from === 'string' ? from : undefined,
    expired: expired === true,
  };
}

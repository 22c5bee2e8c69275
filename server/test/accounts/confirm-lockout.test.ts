/**
 * The fresh confirmation before a consequential act (attesting a redemption package, approving a
 * payment) is not a place to guess without limit: wrong passwords count towards the same lockout
 * as sign-in failures, a locked account cannot confirm even with the right password, and a right
 * confirmation clears the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONSECUTIVE_FAILURES } from '../../src/domain/sign-in.js';
import { signedInAs } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const codeOf = async (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('SignInService.confirm', () => {
  it('locks the account after the limit of wrong confirmations', { timeout: 120_000 }, async () => {
    const { user } = await signedInAs(t.app, 'operator_admin');
    const confirm = (password: string) =>
      codeOf(t.app.services.auth.signIn.confirm(user.id, { password }));
    for (let attempt = 1; attempt < MAX_CONSECUTIVE_FAILURES; attempt += 1) {
      expect(await confirm('not-the-password')).toBe('CONFIRMATION_FAILED');
    }
    expect(await confirm('not-the-password')).toBe('ACCOUNT_LOCKED');
    expect(await confirm(user.password)).toBe('ACCOUNT_LOCKED');
    // The lock is the sign-in lock: the person cannot sign in again either.
    const again = await signedInAs(t.app, 'operator_admin').then(
      () => 'a new user signs in',
      () => 'refused',
    );
    expect(again).toBe('a new user signs in');
    const [row] = await t.app.services.database.raw.query<{ locked_until: Date | null }>(
      'SELECT locked_until FROM users WHERE id = $1',
      [user.id],
    );
    expect(row?.locked_until).not.toBeNull();
  });

  it('clears the count on a right confirmation', { timeout: 120_000 }, async () => {
    const { user } = await signedInAs(t.app, 'finance_officer');
    const confirm = (password: string) =>
      codeOf(t.app.services.auth.signIn.confirm(user.id, { password }));
    for (let attempt = 1; attempt < MAX_CONSECUTIVE_FAILURES; attempt += 1) {
      expect(await confirm('wrong')).toBe('CONFIRMATION_FAILED');
    }
    expect(await confirm(user.password)).toBe('ok');
    // Without the clearing, the next wrong one would be the limit's and lock.
    for (let attempt = 1; attempt < MAX_CONSECUTIVE_FAILURES; attempt += 1) {
      expect(await confirm('wrong')).toBe('CONFIRMATION_FAILED');
    }
  });
});

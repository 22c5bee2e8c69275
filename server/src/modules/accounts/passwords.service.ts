/**
 * Stored passwords: hashing with better-auth's algorithm, checking one, replacing one, and the
 * credential row a new account needs. The password policy is checked by the callers
 * (UsersService, registration); who must change a temporary password is UsersService's rule.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import { accounts } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import type { AuthEngine } from './better-auth.js';

export class PasswordService {
  constructor(private readonly deps: { clock: Clock; database: Database; engine: AuthEngine }) {}

  private get db() {
    return this.deps.database.db;
  }

  async hash(password: string): Promise<string> {
    return (await this.deps.engine.context()).password.hash(password);
  }

  async verify(userId: string, password: string): Promise<boolean> {
    const [account] = await this.db
      .select({ hash: accounts.password })
      .from(accounts)
      .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')))
      .limit(1);
    if (!account?.hash) return false;
    return (await this.deps.engine.context()).password.verify({ hash: account.hash, password });
  }

  /**
   * Stores a password hashed with `hash` (the caller has checked the policy), in the caller's
   * transaction: hash first, outside it, so the transaction does not wait on the hashing.
   */
  async store(db: DbOrTx, userId: string, hash: string): Promise<void> {
    const updated = await db
      .update(accounts)
      .set({ password: hash, updatedAt: this.deps.clock.now() })
      .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')))
      .returning({ id: accounts.id });
    if (updated.length === 0) throw new Error(`user ${userId} has no password account`);
  }

  /** The credential row better-auth expects beside a user who signs in with a password. */
  async accountRowFor(userId: string, password: string) {
    const now = this.deps.clock.now();
    return {
      id: randomUUID(),
      accountId: userId,
      providerId: 'credential',
      userId,
      password: await this.hash(password),
      createdAt: now,
      updatedAt: now,
    } satisfies typeof accounts.$inferInsert;
  }
}

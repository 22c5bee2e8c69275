/**
 * Sessions after sign-in: who a request's session cookie belongs to (the idle timeout and the
 * maximum lifetime decided on the platform clock, disabled accounts shut out, last activity
 * recorded, a pending forced password change reported), one's own list of sessions, ending one or all of them (revocation, disabling,
 * password resets), and the purge of expired rows for the scheduled job.
 */
import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { runOutsideCommitScope } from '../../db/commit-scope.js';
import { organisations, sessions, users } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { isRole } from '../../domain/permissions.js';
import {
  isSessionLive,
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_MAX_LIFETIME_MS,
  sessionEndsAt,
  shouldRecordActivity,
} from '../../domain/sign-in.js';
import { AppError } from '../../errors.js';
import type { SessionResolver } from '../../http/access.js';
import type { Actor } from '../../http/types.js';
import { noteAudit } from '../audit/audit.scope.js';
import type { AuthEngine } from './better-auth.js';
import { totpEnrolmentOwed } from './totp.service.js';

export interface SessionView {
  id: string;
  createdAt: Date;
  lastActiveAt: Date;
  /** When the session ends unless it is used again before then (idle timeout or lifetime). */
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

export class SessionService implements SessionResolver {
  constructor(
    private readonly deps: { config: Config; clock: Clock; database: Database; engine: AuthEngine },
  ) {}

  private get db() {
    return this.deps.database.db;
  }

  /**
   * Who is calling: no session cookie → null; a cookie that names no live session → expired
   * (the session is deleted if it ran out); otherwise the actor, with last activity recorded.
   */
  async resolve(request: FastifyRequest): Promise<{ actor: Actor } | { expired: true } | null> {
    const { engine, clock, config } = this.deps;
    const names = await engine.cookieNames();
    const cookieValue = engine
      .cookiesOf({ cookieHeader: request.headers.cookie })
      .get(names.session);
    if (!cookieValue) return null;
    const token = await engine.unsign(cookieValue);
    if (!token) return { expired: true };
    const [row] = await this.db
      .select({
        sessionId: sessions.id,
        createdAt: sessions.createdAt,
        lastActiveAt: sessions.updatedAt,
        userId: users.id,
        username: users.username,
        name: users.name,
        role: users.role,
        disabled: users.disabled,
        twoFactorEnabled: users.twoFactorEnabled,
        passwordChangeRequired: users.passwordChangeRequired,
        organisationId: organisations.id,
        organisationKind: organisations.kind,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(sessions.token, token))
      .limit(1);
    if (!row) return { expired: true };
    const now = clock.now();
    // The two writes below are bookkeeping of the session mechanism, not the request's change:
    // they run outside its audit scope (D-audit-tx-4), so they neither carry nor consume the
    // request's audit row, and the write guard does not count them.
    if (!isSessionLive(row, now) || row.disabled) {
      await runOutsideCommitScope(async () => {
        // Awaited inside: a Drizzle query runs when awaited, not when built.
        await this.db.delete(sessions).where(eq(sessions.id, row.sessionId));
      });
      return { expired: true };
    }
    if (!isRole(row.role) || !row.username) {
      throw new Error(`user ${row.userId} has no valid role or username`);
    }
    if (shouldRecordActivity(row.lastActiveAt, now)) {
      await runOutsideCommitScope(async () => {
        await this.db
          .update(sessions)
          .set({ updatedAt: now })
          .where(eq(sessions.id, row.sessionId));
      });
    }
    const role = row.role;
    return {
      actor: {
        userId: row.userId,
        username: row.username,
        name: row.name,
        role,
        organisationId: row.organisationId,
        organisationKind: row.organisationKind,
        sessionId: row.sessionId,
        totpEnrolmentRequired: totpEnrolmentOwed(config, {
          role,
          twoFactorEnabled: row.twoFactorEnabled,
        }),
        passwordChangeRequired: row.passwordChangeRequired,
      },
    };
  }

  /** The caller's own live sessions, most recently used first. */
  async list(actor: Actor): Promise<SessionView[]> {
    const rows = await this.db
      .select({
        id: sessions.id,
        createdAt: sessions.createdAt,
        lastActiveAt: sessions.updatedAt,
        ipAddress: sessions.ipAddress,
        userAgent: sessions.userAgent,
      })
      .from(sessions)
      .where(eq(sessions.userId, actor.userId));
    const now = this.deps.clock.now();
    return rows
      .filter((row) => isSessionLive(row, now))
      .sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime())
      .map((row) => ({
        ...row,
        ipAddress: row.ipAddress || null,
        userAgent: row.userAgent || null,
        expiresAt: sessionEndsAt(row),
        current: row.id === actor.sessionId,
      }));
  }

  /** Ends one of the caller's own sessions; anyone else's is simply not found. */
  async revoke(actor: Actor, sessionId: string): Promise<void> {
    // A transaction, so the revocation's audit row commits with it (D-audit-tx-4).
    const removed = await this.db.transaction((tx) =>
      tx
        .delete(sessions)
        .where(and(eq(sessions.id, sessionId), eq(sessions.userId, actor.userId)))
        .returning({ id: sessions.id }),
    );
    if (removed.length === 0) throw new AppError('NOT_FOUND', '会话不存在 No such session');
  }

  /**
   * Ends every session of a user (disabling, password reset), or all but one, in the caller's
   * transaction (the change that ends them, and its audit row, commit together).
   */
  async endAllOf(db: DbOrTx, userId: string, options: { except?: string } = {}): Promise<number> {
    const removed = await db
      .delete(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          options.except ? ne(sessions.id, options.except) : undefined,
        ),
      )
      .returning({ id: sessions.id });
    return removed.length;
  }

  /** Deletes sessions past their idle timeout or lifetime; for the scheduled job. */
  async purgeExpired(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    // A transaction, so the job's audit row commits with the purge (D-audit-tx-4).
    const removed = await this.db.transaction(async (tx) => {
      const rows = await tx
        .delete(sessions)
        .where(
          or(
            lt(sessions.updatedAt, new Date(now - SESSION_IDLE_TIMEOUT_MS)),
            lt(sessions.createdAt, new Date(now - SESSION_MAX_LIFETIME_MS)),
          ),
        )
        .returning({ id: sessions.id });
      noteAudit({ detail: { removed: rows.length } });
      return rows;
    });
    return removed.length;
  }
}

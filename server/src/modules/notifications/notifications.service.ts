/**
 * The in-app inbox. Senders address users or a whole organisation; each notification is
 * idempotent by its dedupe key, so a job that runs twice (or catches up) never sends twice.
 * Delivery to SMS and e-mail adapters is added by the enterprise-journey work.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import { activeUserIdsOf } from '../accounts/accounts.lookups.js';

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  dedupeKey: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

interface Row {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

const present = (row: Row): NotificationView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  createdAt: new Date(row.created_at).toISOString(),
  readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
});

export class NotificationsService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Sends to every active user of an organisation; returns how many were new. In the caller's
   * transaction when given one, else in one of its own (the audit row commits with it,
   * D-audit-tx-4); so for `notifyUser`.
   */
  async notifyOrganisation(
    organisationId: string,
    input: NotificationInput,
    sql?: RawSql,
  ): Promise<number> {
    if (!sql)
      return this.database.raw.transaction((tx) =>
        this.notifyOrganisation(organisationId, input, tx),
      );
    const userIds = await activeUserIdsOf(sql, organisationId);
    if (userIds.length === 0) return 0;
    const rows = await sql.query(
      `INSERT INTO notifications (id, user_id, kind, title, body, link, dedupe_key, created_at)
       SELECT gen_random_uuid()::text, u.id, $2, $3, $4, $5, $6, $7
         FROM unnest($1::text[]) AS u(id)
       ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`,
      [
        userIds,
        input.kind,
        input.title,
        input.body,
        input.link ?? null,
        input.dedupeKey,
        this.clock.now(),
      ],
    );
    return rows.length;
  }

  async notifyUser(userId: string, input: NotificationInput, sql?: RawSql): Promise<void> {
    if (!sql) return this.database.raw.transaction((tx) => this.notifyUser(userId, input, tx));
    await sql.query(
      `INSERT INTO notifications (id, user_id, kind, title, body, link, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
      [
        randomUUID(),
        userId,
        input.kind,
        input.title,
        input.body,
        input.link ?? null,
        input.dedupeKey,
        this.clock.now(),
      ],
    );
  }

  async list(userId: string, options: { unreadOnly: boolean; page: number; pageSize: number }) {
    const filter = options.unreadOnly ? 'AND read_at IS NULL' : '';
    const rows = await this.database.raw.query<Row>(
      `SELECT id, kind, title, body, link, created_at, read_at FROM notifications
        WHERE user_id = $1 ${filter} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [userId, options.pageSize, (options.page - 1) * options.pageSize],
    );
    const [counts] = await this.database.raw.query<{ total: string; unread: string }>(
      `SELECT count(*) FILTER (WHERE TRUE ${filter}) AS total,
              count(*) FILTER (WHERE read_at IS NULL) AS unread
         FROM notifications WHERE user_id = $1`,
      [userId],
    );
    return {
      items: rows.map(present),
      total: Number(counts?.total ?? 0),
      unread: Number(counts?.unread ?? 0),
    };
  }

  /** A transaction, for the audit row (D-audit-tx-4); so is marking all. */
  async markRead(userId: string, id: string): Promise<void> {
    const rows = await this.database.raw.transaction((tx) =>
      tx.query(
        `UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2
         RETURNING id`,
        [id, userId, this.clock.now()],
      ),
    );
    if (rows.length === 0) throw new AppError('NOT_FOUND', '通知不存在');
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await this.database.raw.transaction((tx) =>
      tx.query(
        'UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id',
        [userId, this.clock.now()],
      ),
    );
    return rows.length;
  }
}

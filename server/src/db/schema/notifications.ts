import {
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './auth.js';

/**
 * The in-app inbox: one row per recipient user. SMS and e-mail copies go out through the
 * delivery adapters; this table is what the header's unread count reads.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** A path in the UI the notification points to. */
    link: text('link'),
    /** Makes sending idempotent: one notification per user per key. */
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
  ],
);

/** Which expiry reminders (by days before expiry) a tranche has had, sent or skipped. */
export const trancheReminders = pgTable(
  'tranche_reminders',
  {
    trancheId: text('tranche_id').notNull(),
    daysBefore: integer('days_before').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    outcome: text('outcome', { enum: ['sent', 'skipped'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.trancheId, t.daysBefore] })],
);

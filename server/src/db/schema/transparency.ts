/**
 * 信息公开 (issue 10 §5): the Data Bureau's choice, per programme year, to publish the list of
 * recipient enterprises (name, star, voucher amount) on the public page. Off unless switched on;
 * the aggregate figures are always public and never hold personal data.
 */
import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const transparencySettings = pgTable('transparency_settings', {
  listYear: integer('list_year').primaryKey(),
  recipientsPublished: boolean('recipients_published').notNull().default(false),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Events wait here until JetStream acknowledges them: written in the same process step as the
 * change they describe, so a WAN or NATS outage delays them and never loses them.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** Event id, also the JetStream message id that de-duplicates re-sends. */
    id: text('id').notNull().unique(),
    subject: text('subject').notNull(),
    payload: text('payload').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('outbox_pending_idx').on(t.publishedAt, t.seq)],
);

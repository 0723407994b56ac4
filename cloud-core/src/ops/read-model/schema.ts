import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sumCountsJson } from './count-maps.js';

/**
 * Bump on any change to the tables below or to what a projection counts. A file written under
 * another version is emptied at open and refilled from the stream: the model is derived data,
 * so it needs no migrations.
 */
export const READ_MODEL_SCHEMA_VERSION = 4;

/**
 * Hourly counters, TypeScript name to column. Costs and sentiment are integers (nano-USD,
 * millionths) so that sums do not depend on batch boundaries: a rebuild gives the same figures.
 */
export const hourCounterColumns = {
  conversations: 'conversations',
  turns: 'turns',
  aiTurns: 'ai_turns',
  agentTurns: 'agent_turns',
  handoffs: 'handoffs',
  handedOffConversations: 'handed_off_conversations',
  negativeMicros: 'negative_micros',
  negativeCount: 'negative_count',
  answerCheckFailures: 'answer_check_failures',
  waitMsSum: 'wait_ms_sum',
  waitCount: 'wait_count',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  costNanos: 'cost_nanos',
  costUnknown: 'cost_unknown',
  complianceAlerts: 'compliance_alerts',
} as const;

export type HourCounter = keyof typeof hourCounterColumns;
export type HourCounts = Record<HourCounter, number>;
export const hourCounters = Object.keys(hourCounterColumns) as HourCounter[];

const counterDdl = hourCounters
  .map((c) => `${hourCounterColumns[c]} INTEGER NOT NULL DEFAULT 0`)
  .join(',\n  ');

// `hour` is whole hours since the epoch (UTC). Every figure is kept twice: per edge, keyed edge
// first so a scope of a few edges reads only their rows, and for the fleet, so the dashboard's
// default view reads one row per hour instead of one per edge and hour. Hand-off reasons and
// intents ride along as JSON objects of counts: one row written per edge and hour, not one per
// intent, is what keeps a rebuild's writes few.
const schemaSql = `
CREATE TABLE progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  events_applied INTEGER NOT NULL,
  skipped INTEGER NOT NULL
);
INSERT INTO progress (id, last_seq, events_applied, skipped) VALUES (1, 0, 0, 0);
CREATE TABLE edge_hours (
  edge_id TEXT NOT NULL,
  hour INTEGER NOT NULL,
  ${counterDdl},
  handoff_reasons TEXT NOT NULL,
  intents TEXT NOT NULL,
  PRIMARY KEY (edge_id, hour)
) WITHOUT ROWID;
CREATE TABLE fleet_hours (
  hour INTEGER PRIMARY KEY,
  ${counterDdl},
  handoff_reasons TEXT NOT NULL,
  intents TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE conversations (
  conversation_id TEXT PRIMARY KEY,
  edge_id TEXT NOT NULL,
  start_hour INTEGER,
  handed_off INTEGER NOT NULL,
  product TEXT,
  touched_seq INTEGER NOT NULL,
  touched_hour INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  edge_id TEXT NOT NULL,
  conversation_id TEXT,
  occurred_at INTEGER NOT NULL,
  source TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  side TEXT NOT NULL,
  text TEXT NOT NULL,
  action TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX alerts_by_time ON alerts (occurred_at, seq);
CREATE TABLE insight_mentions (
  event_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  edge_id TEXT NOT NULL,
  conversation_id TEXT,
  occurred_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  theme TEXT,
  product TEXT,
  locale TEXT,
  text TEXT NOT NULL,
  PRIMARY KEY (event_id, idx)
) WITHOUT ROWID;
-- Scopes of a few edges read the time range and filter: an edge index costs every rebuild more
-- than it saves a query.
CREATE INDEX insight_by_time ON insight_mentions (occurred_at, seq, idx);
CREATE INDEX insight_by_theme ON insight_mentions (theme, kind, occurred_at);
-- Mentions per day, edge, theme, kind and product ('' for none): what views by the day read,
-- a few thousand rows for a month of a fleet instead of every mention.
CREATE TABLE insight_days (
  day INTEGER NOT NULL,
  edge_id TEXT NOT NULL,
  theme TEXT NOT NULL,
  kind TEXT NOT NULL,
  product TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (day, edge_id, theme, kind, product)
) WITHOUT ROWID;
`;

function userTables(db: Database.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

/** Drops every table but `meta` and creates the current schema, empty. */
export function recreateSchema(db: Database.Database, taxonomyFingerprint: string): void {
  db.transaction(() => {
    for (const name of userTables(db)) if (name !== 'meta') db.exec(`DROP TABLE "${name}"`);
    db.exec(schemaSql);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(
      String(READ_MODEL_SCHEMA_VERSION),
    );
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('insight_taxonomy', ?)").run(
      taxonomyFingerprint,
    );
  })();
}

/**
 * A new insight taxonomy would mine other mentions from the same turns. Only the mentions are
 * dropped: the new taxonomy mines turns from here on, and the KPIs, which may reach further back
 * than the events stream still does, are kept. A rebuild re-mines what the stream holds.
 */
function adoptTaxonomy(db: Database.Database, taxonomyFingerprint: string): boolean {
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'insight_taxonomy'").get() as
    | { value: string }
    | undefined;
  if (stored?.value === taxonomyFingerprint) return false;
  db.transaction(() => {
    db.exec(
      'DELETE FROM insight_mentions; DELETE FROM insight_days; UPDATE conversations SET product = NULL',
    );
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('insight_taxonomy', ?)").run(
      taxonomyFingerprint,
    );
  })();
  return true;
}

/** Opens the replica's read-model file; one written under another schema version starts empty. */
export function openReadModelDatabase(
  path: string,
  taxonomyFingerprint: string,
): { db: Database.Database; taxonomyChanged: boolean } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // A crash may lose the last commits but never corrupts the file; lost commits are re-read
  // from the stream, since progress is committed with them.
  db.pragma('synchronous = NORMAL');
  // Checkpoints (and their fsyncs) every ~40 MB of WAL rather than every 4 MB: a rebuild writes
  // the same hot pages commit after commit, and this halves its commit time.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('journal_size_limit = 67108864');
  db.pragma('busy_timeout = 5000');
  // Merges two stored count maps in an upsert (see edge_hours).
  db.function('sum_counts', { deterministic: true }, sumCountsJson);
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    | { value: string }
    | undefined;
  if (stored?.value !== String(READ_MODEL_SCHEMA_VERSION)) {
    recreateSchema(db, taxonomyFingerprint);
    return { db, taxonomyChanged: false };
  }
  return { db, taxonomyChanged: adoptTaxonomy(db, taxonomyFingerprint) };
}

import type Database from 'better-sqlite3';
import {
  type BatchProjection,
  type ConversationState,
  type HourRow,
  zeroCounts,
} from './batch-projection.js';
import { bumpCount, type CountMap, countsJson } from './count-maps.js';
import { hourCounterColumns, hourCounters } from './schema.js';
import type { OpsAlert } from './types.js';

export interface Progress {
  lastSeq: number;
  eventsApplied: number;
  skipped: number;
}

/**
 * Conversations are only needed until their hand-offs have arrived. A row goes once it is both
 * this many events behind in the stream and this many hours behind the newest event: the first
 * keeps together a backlog an edge uploads days late, the second keeps slow conversations of a
 * busy fleet. Either way the table stays small.
 */
const keepConversationEvents = 200_000;
const keepConversationHours = 72;
const pruneEveryEvents = 100_000;
/** Mined reasons and objections are kept this long (trends a year back), then dropped. */
const keepMentionMs = 400 * 86_400_000;

type FleetRow = Omit<HourRow, 'edgeId'>;

/** Prepared statements over the model's tables; callers run `write` inside their transaction. */
export class ProjectionStore {
  readonly #upsertEdgeHour: Database.Statement;
  readonly #upsertFleetHour: Database.Statement;
  readonly #getConversation: Database.Statement<[string]>;
  readonly #upsertConversation: Database.Statement;
  readonly #insertAlert: Database.Statement;
  readonly #insertMention: Database.Statement;
  readonly #setProduct: Database.Statement;
  readonly #upsertDay: Database.Statement;
  readonly #pruneDays: Database.Statement;
  readonly #saveProgress: Database.Statement;
  readonly #loadProgress: Database.Statement<
    [],
    { last_seq: number; events_applied: number; skipped: number }
  >;
  readonly #prune: Database.Statement;
  readonly #pruneMentions: Database.Statement;

  constructor(db: Database.Database) {
    const counters = hourCounters.map((c) => hourCounterColumns[c]);
    const hours = (table: string, keys: string[]) => {
      const columns = [...keys, ...counters, 'handoff_reasons', 'intents'];
      return db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
         ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${counters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
           handoff_reasons = sum_counts(handoff_reasons, excluded.handoff_reasons),
           intents = sum_counts(intents, excluded.intents)`,
      );
    };
    this.#upsertEdgeHour = hours('edge_hours', ['edge_id', 'hour']);
    this.#upsertFleetHour = hours('fleet_hours', ['hour']);
    this.#getConversation = db
      .prepare<[string]>(
        'SELECT edge_id, start_hour, handed_off, touched_seq, touched_hour, product FROM conversations WHERE conversation_id = ?',
      )
      .raw();
    this.#upsertConversation = db.prepare(
      `INSERT INTO conversations (conversation_id, edge_id, start_hour, handed_off, touched_seq, touched_hour, product)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET start_hour = excluded.start_hour,
         handed_off = excluded.handed_off, product = excluded.product, touched_seq = excluded.touched_seq, touched_hour = excluded.touched_hour`,
    );
    this.#insertAlert = db.prepare(
      `INSERT OR IGNORE INTO alerts (id, seq, edge_id, conversation_id, occurred_at, source, rule_id, category,
         severity, side, text, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A re-sent event (past the de-duplication window) mines to the same keys: stored once.
    this.#insertMention = db.prepare(
      `INSERT OR IGNORE INTO insight_mentions (event_id, idx, seq, edge_id, conversation_id, occurred_at, kind,
         theme, product, locale, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#upsertDay = db.prepare(
      `INSERT INTO insight_days (day, edge_id, theme, kind, product, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (day, edge_id, theme, kind, product) DO UPDATE SET n = n + excluded.n`,
    );
    this.#pruneDays = db.prepare(
      'DELETE FROM insight_days WHERE day < (SELECT max(day) FROM insight_days) - ?',
    );
    this.#setProduct = db.prepare('UPDATE conversations SET product = ? WHERE conversation_id = ?');
    this.#saveProgress = db.prepare(
      'UPDATE progress SET last_seq = ?, events_applied = ?, skipped = ? WHERE id = 1',
    );
    this.#loadProgress = db.prepare('SELECT last_seq, events_applied, skipped FROM progress WHERE id = 1');
    this.#pruneMentions = db.prepare(
      'DELETE FROM insight_mentions WHERE occurred_at < (SELECT max(occurred_at) FROM insight_mentions) - ?',
    );
    this.#prune = db.prepare(
      `DELETE FROM conversations WHERE touched_seq < ?
         AND touched_hour < (SELECT max(touched_hour) FROM conversations) - ?`,
    );
  }

  progress(): Progress {
    const row = this.#loadProgress.get();
    return {
      lastSeq: row?.last_seq ?? 0,
      eventsApplied: row?.events_applied ?? 0,
      skipped: row?.skipped ?? 0,
    };
  }

  readonly lookupConversation = (id: string): ConversationState | undefined => {
    const row = this.#getConversation.get(id) as
      | [string, number | null, number, number, number, string | null]
      | undefined;
    if (!row) return undefined;
    return {
      id,
      edgeId: row[0],
      startHour: row[1],
      handedOff: row[2] === 1,
      touchedSeq: row[3],
      touchedHour: row[4],
      product: row[5],
    };
  };

  /** Writes a batch and the progress it reaches; returns the alerts that were new. */
  write(projection: BatchProjection, previous: Progress, next: Progress): OpsAlert[] {
    const fresh: OpsAlert[] = [];
    for (const { alert: a, hour } of projection.alerts) {
      const inserted = this.#insertAlert.run(
        a.id,
        a.seq,
        a.edgeId,
        a.conversationId,
        Date.parse(a.occurredAt),
        a.source,
        a.ruleId,
        a.category,
        a.severity,
        a.side,
        a.text,
        a.action,
      );
      if (inserted.changes === 0) continue;
      projection.counts(hour, a.edgeId).complianceAlerts++;
      fresh.push(a);
    }
    const fleet = new Map<number, FleetRow>();
    for (const row of projection.hours.values()) {
      this.#upsertEdgeHour.run(row.edgeId, row.hour, ...rowValues(row));
      let sum = fleet.get(row.hour);
      if (!sum) {
        sum = { hour: row.hour, counts: zeroCounts(), handoffReasons: new Map(), intents: new Map() };
        fleet.set(row.hour, sum);
      }
      for (const c of hourCounters) sum.counts[c] += row.counts[c];
      addMap(sum.handoffReasons, row.handoffReasons);
      addMap(sum.intents, row.intents);
    }
    for (const row of fleet.values()) this.#upsertFleetHour.run(row.hour, ...rowValues(row));
    for (const c of projection.changedConversations) {
      this.#upsertConversation.run(
        c.id,
        c.edgeId,
        c.startHour,
        c.handedOff ? 1 : 0,
        c.touchedSeq,
        c.touchedHour,
        c.product,
      );
    }
    // After the upserts above, which carry the product their state had when it was read.
    for (const [id, product] of projection.products) this.#setProduct.run(product, id);
    const days = new Map<
      string,
      { day: number; edgeId: string; theme: string; kind: string; product: string; n: number }
    >();
    for (const m of projection.mentions) {
      const inserted = this.#insertMention.run(
        m.eventId,
        m.idx,
        m.seq,
        m.edgeId,
        m.conversationId,
        m.occurredMs,
        m.kind,
        m.theme,
        m.product,
        m.locale,
        m.text,
      );
      if (inserted.changes === 0) continue;
      const day = Math.floor(m.occurredMs / 86_400_000);
      const key = `${day}|${m.edgeId}|${m.theme ?? ''}|${m.kind}|${m.product ?? ''}`;
      const cell = days.get(key);
      if (cell) cell.n++;
      else
        days.set(key, {
          day,
          edgeId: m.edgeId,
          theme: m.theme ?? '',
          kind: m.kind,
          product: m.product ?? '',
          n: 1,
        });
    }
    for (const c of days.values()) this.#upsertDay.run(c.day, c.edgeId, c.theme, c.kind, c.product, c.n);
    this.#saveProgress.run(next.lastSeq, next.eventsApplied, next.skipped);
    if (Math.floor(previous.lastSeq / pruneEveryEvents) !== Math.floor(next.lastSeq / pruneEveryEvents)) {
      this.#prune.run(next.lastSeq - keepConversationEvents, keepConversationHours);
      this.#pruneMentions.run(keepMentionMs);
      this.#pruneDays.run(keepMentionMs / 86_400_000);
    }
    return fresh;
  }
}

const rowValues = (row: FleetRow): unknown[] => [
  ...hourCounters.map((c) => row.counts[c]),
  countsJson(row.handoffReasons),
  countsJson(row.intents),
];

function addMap(target: CountMap, added: CountMap): void {
  for (const [key, count] of added) bumpCount(target, key, count);
}

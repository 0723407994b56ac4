import { createLogger, type Logger } from '@branchline/shared';
import type Database from 'better-sqlite3';
import { InsightMiner, type LoadedTaxonomy, loadTaxonomy } from '../../insight/index.js';
import { AlertQueries } from './alert-query.js';
import { BatchProjection } from './batch-projection.js';
import { decodeEvent } from './decode-event.js';
import {
  type ExportCursor,
  type InsightExportRow,
  InsightQueries,
  type InsightQuery,
  type InsightResult,
} from './insight-query.js';
import { KpiQueries } from './kpi-query.js';
import { type Progress, ProjectionStore } from './projection-store.js';
import { openReadModelDatabase, READ_MODEL_SCHEMA_VERSION, recreateSchema } from './schema.js';
import type {
  AlertQuery,
  ApplyResult,
  KpiQuery,
  KpiResult,
  OpsAlert,
  ReadModelStatus,
  StreamRecord,
} from './types.js';

/** A malformed event is logged, then only every this many: a bad producer must not flood the log. */
const logMalformedEvery = 1000;

export interface OpsReadModelOptions {
  log?: Logger;
  /** What insight mines turns for; the built-in taxonomy when not given. */
  taxonomy?: LoadedTaxonomy;
}

/**
 * The ops dashboard's figures, projected from the events stream into one SQLite file per core
 * replica (one instance per file: it is the file's only writer). Each batch and the stream
 * sequence it reaches commit together, so a restart resumes exactly where the last commit stopped
 * and nothing is counted twice.
 */
export class OpsReadModel {
  readonly #db: Database.Database;
  readonly #log: Logger;
  #store: ProjectionStore;
  #kpis: KpiQueries;
  #alerts: AlertQueries;
  #insight: InsightQueries;
  readonly #miner: InsightMiner;
  readonly #taxonomy: LoadedTaxonomy;
  #progress: Progress;
  /** Projections and the sequence they reach commit together. */
  readonly #write: (projection: BatchProjection, previous: Progress, next: Progress) => OpsAlert[];
  #malformedSeen = 0;
  readonly #alertListeners = new Set<(alert: OpsAlert) => void>();
  readonly #appliedListeners = new Set<(status: ReadModelStatus) => void>();

  /** `path` is a file (its folder is created) or `:memory:`. */
  constructor(path: string, options: OpsReadModelOptions = {}) {
    this.#log = (options.log ?? createLogger('cloud-core', { level: 'silent' })).child({
      component: 'ops-read-model',
    });
    this.#taxonomy = options.taxonomy ?? loadTaxonomy(undefined);
    this.#miner = new InsightMiner(this.#taxonomy);
    const opened = openReadModelDatabase(path, this.#taxonomy.fingerprint);
    this.#db = opened.db;
    if (opened.taxonomyChanged)
      this.#log.warn(
        { taxonomy: this.#taxonomy.source, fingerprint: this.#taxonomy.fingerprint },
        'insight taxonomy changed: mentions mined under the old one are dropped and turns are mined from here on; `branchline fleet read-model --rebuild` re-mines what the events stream still holds',
      );
    this.#store = new ProjectionStore(this.#db);
    this.#kpis = new KpiQueries(this.#db);
    this.#alerts = new AlertQueries(this.#db);
    this.#insight = new InsightQueries(this.#db, this.#taxonomy.taxonomy);
    this.#progress = this.#store.progress();
    this.#write = this.#db.transaction((projection: BatchProjection, previous: Progress, next: Progress) =>
      this.#store.write(projection, previous, next),
    );
  }

  lastSeq(): number {
    return this.#progress.lastSeq;
  }

  status(): ReadModelStatus {
    return { ...this.#progress, schemaVersion: READ_MODEL_SCHEMA_VERSION };
  }

  /**
   * Projects a batch of stream messages in one transaction. Messages at or below the last applied
   * sequence are passed over; malformed ones are counted and never stop the batch.
   */
  apply(batch: readonly StreamRecord[]): ApplyResult {
    const previous = this.#progress;
    const projection = new BatchProjection(this.#store.lookupConversation, this.#miner);
    let lastSeq = previous.lastSeq;
    let applied = 0;
    let skipped = 0;
    let duplicates = 0;
    for (const record of batch) {
      if (record.seq <= lastSeq) {
        duplicates++;
        continue;
      }
      lastSeq = record.seq;
      const event = decodeEvent(record);
      const problem = typeof event === 'string' ? event : projection.add(record.seq, event);
      if (problem === undefined) applied++;
      else {
        skipped++;
        this.#malformed(record, problem);
      }
    }
    if (lastSeq === previous.lastSeq) return { applied, skipped, duplicates, alerts: 0, lastSeq };
    const next = {
      lastSeq,
      eventsApplied: previous.eventsApplied + applied,
      skipped: previous.skipped + skipped,
    };
    const fresh = this.#write(projection, previous, next);
    this.#progress = next;
    this.#notify(fresh);
    return { applied, skipped, duplicates, alerts: fresh.length, lastSeq };
  }

  kpis(query: KpiQuery): KpiResult {
    return this.#kpis.kpis(query);
  }

  alerts(query: AlertQuery = {}): OpsAlert[] {
    return this.#alerts.alerts(query);
  }

  insight(query: InsightQuery): InsightResult {
    return this.#insight.insight(query);
  }

  insightPage(
    query: InsightQuery,
    after: ExportCursor | null,
    limit: number,
  ): { rows: InsightExportRow[]; next: ExportCursor | null } {
    return this.#insight.page(query, after, limit);
  }

  /** The taxonomy's themes and products, for pages that name them. */
  taxonomy(): LoadedTaxonomy {
    return this.#taxonomy;
  }

  /** Empties projections and progress, for a rebuild from the start of the stream. */
  reset(): void {
    recreateSchema(this.#db, this.#taxonomy.fingerprint);
    this.#store = new ProjectionStore(this.#db);
    this.#kpis = new KpiQueries(this.#db);
    this.#alerts = new AlertQueries(this.#db);
    this.#insight = new InsightQueries(this.#db, this.#taxonomy.taxonomy);
    this.#progress = this.#store.progress();
    this.#malformedSeen = 0;
    for (const listener of this.#appliedListeners) this.#call(() => listener(this.status()));
  }

  /** Called after commit for each new alert; returns the unsubscribe. */
  onAlert(listener: (alert: OpsAlert) => void): () => void {
    this.#alertListeners.add(listener);
    return () => this.#alertListeners.delete(listener);
  }

  /** Called after each commit (and after a reset); returns the unsubscribe. */
  onApplied(listener: (status: ReadModelStatus) => void): () => void {
    this.#appliedListeners.add(listener);
    return () => this.#appliedListeners.delete(listener);
  }

  close(): void {
    this.#alertListeners.clear();
    this.#appliedListeners.clear();
    this.#db.close();
  }

  #malformed(record: StreamRecord, reason: string): void {
    if (this.#malformedSeen++ % logMalformedEvery !== 0) return;
    // The subject names edge and type; the body may hold text, so it is never logged.
    this.#log.warn(
      { seq: record.seq, subject: record.subject, reason, malformedSoFar: this.#malformedSeen },
      'malformed event skipped',
    );
  }

  #notify(alerts: readonly OpsAlert[]): void {
    for (const alert of alerts)
      for (const listener of this.#alertListeners) this.#call(() => listener(alert));
    const status = this.status();
    for (const listener of this.#appliedListeners) this.#call(() => listener(status));
  }

  /** A listener's failure is its own: the batch is committed, and the next listener still runs. */
  #call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#log.error({ err: error }, 'read model listener failed');
    }
  }
}

import { BranchlineError } from '@branchline/shared';
import type Database from 'better-sqlite3';
import type { AlertQuery, OpsAlert } from './types.js';

const defaultLimit = 50;
const maxLimit = 500;

interface AlertRow {
  id: string;
  seq: number;
  edge_id: string;
  conversation_id: string | null;
  occurred_at: number;
  source: OpsAlert['source'];
  rule_id: string;
  category: string;
  severity: OpsAlert['severity'];
  side: OpsAlert['side'];
  text: string;
  action: OpsAlert['action'];
}

const toAlert = (r: AlertRow): OpsAlert => ({
  id: r.id,
  seq: r.seq,
  edgeId: r.edge_id,
  conversationId: r.conversation_id,
  occurredAt: new Date(r.occurred_at).toISOString(),
  source: r.source,
  ruleId: r.rule_id,
  category: r.category,
  severity: r.severity,
  side: r.side,
  text: r.text,
  action: r.action,
});

/** Compliance alerts, newest first. */
export class AlertQueries {
  readonly #fleet: Database.Statement;
  readonly #edges: Database.Statement;

  constructor(db: Database.Database) {
    const sql = (filter: string) =>
      `SELECT * FROM alerts WHERE occurred_at >= ? ${filter} ORDER BY occurred_at DESC, seq DESC LIMIT ?`;
    this.#fleet = db.prepare(sql(''));
    this.#edges = db.prepare(sql('AND edge_id IN (SELECT value FROM json_each(?))'));
  }

  alerts(query: AlertQuery = {}): OpsAlert[] {
    const limit = query.limit ?? defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
      throw new BranchlineError('invalid_argument', `limit must be a whole number from 1 to ${maxLimit}`);
    const since = query.since?.getTime() ?? 0;
    if (!Number.isFinite(since)) throw new BranchlineError('invalid_argument', 'since must be a date');
    if (query.edgeIds === undefined) return (this.#fleet.all(since, limit) as AlertRow[]).map(toAlert);
    if (query.edgeIds.length === 0) return [];
    return (this.#edges.all(since, JSON.stringify(query.edgeIds), limit) as AlertRow[]).map(toAlert);
  }
}

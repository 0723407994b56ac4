import { BranchlineError } from '@branchline/shared';
import type Database from 'better-sqlite3';
import { hourMs } from './batch-projection.js';
import { addCountsJson, type CountMap, rankCounts } from './count-maps.js';
import { type HourCounts, hourCounterColumns, hourCounters } from './schema.js';
import type { KpiPoint, KpiQuery, KpiResult, KpiTotals } from './types.js';

/** A year of hours: more points than any chart draws. */
const maxPoints = 24 * 366;
const topIntentCount = 10;
const counterCount = hourCounters.length;

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function totalsOf(sums: readonly number[]): KpiTotals {
  const c = Object.fromEntries(hourCounters.map((name, i) => [name, sums[i] as number])) as HourCounts;
  return {
    conversations: c.conversations,
    turns: c.turns,
    aiTurns: c.aiTurns,
    agentTurns: c.agentTurns,
    handoffs: c.handoffs,
    handedOffConversations: c.handedOffConversations,
    containmentRate: ratio(c.conversations - c.handedOffConversations, c.conversations),
    handoffRate: ratio(c.handoffs, c.turns - c.agentTurns),
    avgWaitMs: ratio(c.waitMsSum, c.waitCount),
    avgNegativeSentiment: c.negativeCount > 0 ? c.negativeMicros / 1e6 / c.negativeCount : null,
    answerCheckFailures: c.answerCheckFailures,
    inputTokens: c.inputTokens,
    outputTokens: c.outputTokens,
    costUsd: c.costNanos / 1e9,
    costUnknownTurns: c.costUnknown,
    complianceAlerts: c.complianceAlerts,
  };
}

/** Row layout of both statements: hour, the counters in `hourCounters` order, reasons, intents. */
type HourRowValues = [number, ...number[]];

/**
 * The dashboard's figures over a time range: the fleet's own rows (one per hour), or the chosen
 * edges' rows. Rows come back as arrays and are summed here: cheaper than SQL's GROUP BY over
 * this many columns, and the label counts need a pass in JavaScript anyway.
 */
export class KpiQueries {
  readonly #fleet: Database.Statement;
  readonly #edges: Database.Statement;

  constructor(db: Database.Database) {
    const columns = [
      'hour',
      ...hourCounters.map((c) => hourCounterColumns[c]),
      'handoff_reasons',
      'intents',
    ].join(', ');
    this.#fleet = db.prepare(`SELECT ${columns} FROM fleet_hours WHERE hour >= ? AND hour < ?`).raw();
    // `edge_id IN (...)` as one prepared statement for any number of edges: a JSON array parameter.
    this.#edges = db
      .prepare(
        `SELECT ${columns} FROM edge_hours
         WHERE edge_id IN (SELECT value FROM json_each(?)) AND hour >= ? AND hour < ?`,
      )
      .raw();
  }

  kpis(query: KpiQuery): KpiResult {
    const fromMs = query.from.getTime();
    const toMs = query.to.getTime();
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
      throw new BranchlineError('invalid_argument', 'from and to must be dates');
    if (toMs <= fromMs) throw new BranchlineError('invalid_argument', 'to must be after from');
    if (query.bucket !== 'day' && query.bucket !== 'hour')
      throw new BranchlineError('invalid_argument', 'bucket must be hour or day');
    const firstHour = Math.floor(fromMs / hourMs);
    // [from, to): the hour holding `to` counts only when `to` is past its start.
    const endHour = Math.ceil(toMs / hourMs);
    const step = query.bucket === 'day' ? 24 : 1;
    const pointCount = Math.ceil((endHour - firstHour) / step);
    if (pointCount > maxPoints)
      throw new BranchlineError(
        'invalid_argument',
        `at most ${maxPoints} points; use day buckets or a shorter range`,
      );

    const buckets = Array.from({ length: pointCount }, () => new Array<number>(counterCount).fill(0));
    const reasons: CountMap = new Map();
    const intents: CountMap = new Map();
    const rows =
      query.edgeIds === undefined
        ? this.#fleet.iterate(firstHour, endHour)
        : query.edgeIds.length === 0
          ? []
          : this.#edges.iterate(JSON.stringify(query.edgeIds), firstHour, endHour);
    for (const row of rows as Iterable<HourRowValues>) {
      const bucket = buckets[Math.floor((row[0] - firstHour) / step)] as number[];
      for (let i = 0; i < counterCount; i++) bucket[i] = (bucket[i] as number) + (row[i + 1] as number);
      addCountsJson(reasons, row[counterCount + 1] as unknown as string);
      addCountsJson(intents, row[counterCount + 2] as unknown as string);
    }
    const total = new Array<number>(counterCount).fill(0);
    for (const b of buckets)
      for (let i = 0; i < counterCount; i++) total[i] = (total[i] as number) + (b[i] as number);
    return {
      points: buckets.map((b, i) => ({
        at: new Date((firstHour + i * step) * hourMs).toISOString(),
        ...totalsOf(b),
      })) satisfies KpiPoint[],
      totals: totalsOf(total),
      handoffsByReason: rankCounts(reasons).map(({ key, count }) => ({ reason: key, count })),
      topIntents: rankCounts(intents, topIntentCount).map(({ key, count }) => ({ intent: key, count })),
    };
  }
}

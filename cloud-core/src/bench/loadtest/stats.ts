import type { TurnKind } from './corpus.js';

/** The nearest-rank percentile of ascending `sorted` values; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be from 0 to 100, not ${p}`);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

export interface Distribution {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

const round = (n: number | null) => (n === null ? null : Math.round(n));

/** p50/p95/p99/max of `values` (any order), rounded to whole ms. */
export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? null),
  };
}

/** Least-squares slope of `y` over `x` (per unit of x); 0 with fewer than two points. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export type TurnOutcome = 'answered' | 'abandoned' | 'failed';

export interface TurnRecord {
  outcome: TurnOutcome;
  /** What the corpus meant the turn for. */
  kind: TurnKind;
  /** Send to reply; for an abandoned turn, how long the customer waited before leaving. */
  ms: number;
  /** Who answered (`local`, `cloud`, `burst`, `tool`, `human`); answered turns only. */
  handledBy?: string;
  /** False when the reply says the route is not available (no answer for the customer). */
  available?: boolean;
  /** Why a turn failed (an HTTP status or a network error), failed turns only. */
  error?: string;
}

export interface TallySnapshot {
  conversations: number;
  sent: number;
  answered: number;
  abandoned: number;
  failed: number;
  inFlight: number;
  /** Share of answered AI turns (everything but local, tool and human) answered by burst capacity. */
  burstShare: number | null;
  p95Ms: number | null;
}

/** What the customers of one run saw, turn by turn. */
export class Tally {
  readonly turns: TurnRecord[] = [];
  conversations = 0;
  abandonedConversations = 0;
  failedConversations = 0;
  #inFlight = 0;

  turnSent(): void {
    this.#inFlight++;
  }

  turnEnded(record: TurnRecord): void {
    this.#inFlight--;
    this.turns.push(record);
  }

  /** Customer-visible waits: answered turns, and abandoned ones at the time the customer left. */
  waits(): number[] {
    return this.turns.filter((t) => t.outcome !== 'failed').map((t) => t.ms);
  }

  count(outcome: TurnOutcome): number {
    return this.turns.filter((t) => t.outcome === outcome).length;
  }

  handledBy(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const t of this.turns) if (t.handledBy) counts[t.handledBy] = (counts[t.handledBy] ?? 0) + 1;
    return counts;
  }

  /** Failed turns by why they failed. */
  errors(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const t of this.turns) if (t.error) counts[t.error] = (counts[t.error] ?? 0) + 1;
    return counts;
  }

  burstShare(): number | null {
    const by = this.handledBy();
    const ai = (by.cloud ?? 0) + (by.burst ?? 0);
    return ai === 0 ? null : (by.burst ?? 0) / ai;
  }

  snapshot(): TallySnapshot {
    return {
      conversations: this.conversations,
      sent: this.turns.length + this.#inFlight,
      answered: this.count('answered'),
      abandoned: this.count('abandoned'),
      failed: this.count('failed'),
      inFlight: this.#inFlight,
      burstShare: this.burstShare(),
      p95Ms: distribution(this.waits()).p95,
    };
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { type CorpusConversation, corpus } from './corpus.js';
import { runCustomer } from './customer.js';
import { burstPending, type EdgeStatus } from './edge-api.js';
import { createRandom } from './random.js';
import type { LoadStack } from './stack.js';
import { type Distribution, distribution, slope, Tally, type TallySnapshot } from './stats.js';

export interface LoadRunSpec {
  /** `1x`, `10x`, or `custom` for a single run at the rate given. */
  load: string;
  ratePerSecond: number;
  customers: number;
  durationSeconds: number;
  workers: number;
  patienceMs: number;
  seed: number;
}

/** The edges' queues, summed over the fleet, once a second. */
export interface QueueSample {
  /** Seconds since the run started. */
  t: number;
  /** AI turns waiting for a slot. */
  waiting: number;
  inFlight: number;
  /** Turns out on burst capacity, not answered yet (edges' count). */
  burstPending: number;
  /** Turns in the burst work queue that no worker has taken yet. */
  burstWaiting: number;
}

export interface LoadRunResult {
  name: string;
  load: string;
  workers: number;
  ratePerSecond: number;
  durationSeconds: number;
  conversations: { started: number; abandoned: number; failed: number; abandonmentRate: number | null };
  turns: {
    sent: number;
    answered: number;
    abandoned: number;
    failed: number;
    /** Answered with `available: false` (the route could not answer): counted as answered. */
    unavailable: number;
    byHandledBy: Record<string, number>;
    /**
     * Routine turns (knowledge, small talk) answered by the AI dialog: every non-human turn needs
     * an AI slot, so with the slots full these go to burst capacity instead of being answered here.
     */
    routineAnsweredByAi: number;
    errors: Record<string, number>;
  };
  /** Every turn's wait for its reply; an abandoned turn counts the time the customer waited (a floor). */
  timeToFirstReplyMs: Distribution;
  /** AI turns only (cloud and burst), answered. */
  aiTurnReplyMs: Distribution;
  throughput: {
    /** Turns answered per second over the whole run (window plus the tail of turns in flight). */
    answeredPerSecond: number;
    /** Burst turns whose customer got the answer, per second. */
    burstPerSecond: number;
    /** Burst answers the edges received (also for customers who had left), per second: the workers' output. */
    burstAnswersPerSecond: number;
    burstAnswersPerSecondPerWorker: number | null;
  };
  burstShare: number | null;
  slotQueue: {
    /** Turns waiting for a slot when the run stopped opening conversations. */
    atEnd: number;
    max: number;
    /** Least-squares trend over the window, in waiting turns per second. */
    trendPerSecond: number;
  };
  burstQueue: {
    /** Turns no worker had taken, when the run stopped opening conversations. */
    waitingAtEnd: number;
    waitingMax: number;
    waitingMean: number;
  };
  samples: QueueSample[];
  elapsedSeconds: number;
  meetsTarget: boolean;
}

const sum = (all: EdgeStatus[], pick: (s: EdgeStatus) => number) => all.reduce((n, s) => n + pick(s), 0);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const pct = (n: number | null) => (n === null ? '-' : `${Math.round(n * 100)}%`);
const secs = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`);

function progressLine(name: string, t: number, s: TallySnapshot, q: QueueSample | undefined): string {
  return (
    `[loadtest] ${name} ${String(Math.round(t)).padStart(3)}s  sent ${s.sent}  answered ${s.answered}` +
    `  abandoned ${s.abandoned}  in flight ${s.inFlight}  burst ${pct(s.burstShare)}  p95 ${secs(s.p95Ms)}` +
    `  slot queue ${q?.waiting ?? '-'}  burst queue ${q?.burstWaiting ?? '-'}`
  );
}

/**
 * One run: customers arrive as a Poisson process at `ratePerSecond` (seeded), each with a
 * conversation from the corpus on a random edge, for `durationSeconds`; then no new turns start
 * and the ones in flight get their patience. Progress goes to `progress` every second.
 */
export async function runLoad(
  stack: LoadStack,
  spec: LoadRunSpec,
  progress: (line: string) => void,
): Promise<LoadRunResult> {
  const name = spec.load === 'custom' ? `${spec.workers}w` : `${spec.load}/${spec.workers}w`;
  // Two streams: arrivals alone in one, so runs with the same seed offer the same arrivals.
  const arrivals = createRandom(spec.seed);
  const random = createRandom(spec.seed ^ 0x9e3779b9);
  const tally = new Tally();
  const samples: QueueSample[] = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const windowMs = spec.durationSeconds * 1000;
  let accepting = true;
  let atEnd: QueueSample | undefined;
  let burstAnsweredBefore = 0;

  const sample = async () => {
    const [all, queue] = await Promise.all([
      stack.statuses().catch(() => undefined),
      stack.burstQueue().catch(() => null),
    ]);
    if (!all) return undefined;
    const q: QueueSample = {
      t: round(elapsed(), 1),
      waiting: sum(all, (s) => s.aiSlots.waiting),
      inFlight: sum(all, (s) => s.aiSlots.inFlight),
      burstPending: sum(all, burstPending),
      burstWaiting: queue?.waiting ?? 0,
    };
    samples.push(q);
    return q;
  };
  const ticker = setInterval(() => {
    void sample().then((q) => progress(progressLine(name, elapsed(), tally.snapshot(), q)));
  }, 1000);

  const customers: Promise<void>[] = [];
  const context = { patienceMs: spec.patienceMs, tally, accepting: () => accepting };
  try {
    burstAnsweredBefore = sum(await stack.statuses(), (s) => s.burst?.answered ?? 0);
    let next = arrivals.exponential(1000 / spec.ratePerSecond);
    while (next < windowMs && customers.length < spec.customers) {
      await sleep(Math.max(0, next - (performance.now() - started)));
      const conversation: CorpusConversation = random.pick(corpus);
      const plan = {
        edge: random.pick(stack.edgeUrls),
        conversation,
        thinkMs: conversation.turns.map(() => Math.round(random.between(1000, 3000))),
      };
      customers.push(runCustomer(plan, context));
      next += arrivals.exponential(1000 / spec.ratePerSecond);
    }
    await sleep(Math.max(0, windowMs - (performance.now() - started)));
    accepting = false;
    atEnd = await sample();
    await Promise.all(customers);
  } finally {
    clearInterval(ticker);
  }
  const seconds = elapsed();
  const burstAnswers = sum(await stack.statuses(), (s) => s.burst?.answered ?? 0) - burstAnsweredBefore;

  const by = tally.handledBy();
  const window = samples.filter((q) => q.t <= spec.durationSeconds + 0.5);
  const ttfr = distribution(tally.waits());
  const conversations = tally.conversations;
  const abandonmentRate = conversations === 0 ? null : tally.abandonedConversations / conversations;
  const burstAnswersPerSecond = burstAnswers / seconds;
  return {
    name,
    load: spec.load,
    workers: spec.workers,
    ratePerSecond: spec.ratePerSecond,
    durationSeconds: spec.durationSeconds,
    conversations: {
      started: conversations,
      abandoned: tally.abandonedConversations,
      failed: tally.failedConversations,
      abandonmentRate: abandonmentRate === null ? null : round(abandonmentRate, 4),
    },
    turns: {
      sent: tally.turns.length,
      answered: tally.count('answered'),
      abandoned: tally.count('abandoned'),
      failed: tally.count('failed'),
      unavailable: tally.turns.filter((t) => t.outcome === 'answered' && t.available === false).length,
      byHandledBy: by,
      routineAnsweredByAi: tally.turns.filter(
        (t) => t.kind === 'routine' && (t.handledBy === 'cloud' || t.handledBy === 'burst'),
      ).length,
      errors: tally.errors(),
    },
    timeToFirstReplyMs: ttfr,
    aiTurnReplyMs: distribution(
      tally.turns.filter((t) => t.handledBy === 'cloud' || t.handledBy === 'burst').map((t) => t.ms),
    ),
    throughput: {
      answeredPerSecond: round(tally.count('answered') / seconds),
      burstPerSecond: round((by.burst ?? 0) / seconds),
      burstAnswersPerSecond: round(burstAnswersPerSecond),
      burstAnswersPerSecondPerWorker: spec.workers > 0 ? round(burstAnswersPerSecond / spec.workers) : null,
    },
    burstShare: tally.burstShare() === null ? null : round(tally.burstShare() ?? 0, 3),
    slotQueue: {
      atEnd: atEnd?.waiting ?? samples.at(-1)?.waiting ?? 0,
      max: Math.max(0, ...samples.map((q) => q.waiting)),
      trendPerSecond: round(slope(window.map((q) => ({ x: q.t, y: q.waiting })))),
    },
    burstQueue: {
      waitingAtEnd: atEnd?.burstWaiting ?? 0,
      waitingMax: Math.max(0, ...samples.map((q) => q.burstWaiting)),
      waitingMean: round(window.reduce((n, q) => n + q.burstWaiting, 0) / Math.max(1, window.length), 1),
    },
    samples,
    elapsedSeconds: round(seconds, 1),
    meetsTarget: ttfr.p95 !== null && ttfr.p95 < 2000 && abandonmentRate !== null && abandonmentRate < 0.01,
  };
}

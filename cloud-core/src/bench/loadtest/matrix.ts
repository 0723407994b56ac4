import { corpus } from './corpus.js';
import { runCustomer } from './customer.js';
import { type LoadRunResult, type LoadRunSpec, runLoad } from './load-run.js';
import type { LoadtestOptions } from './options.js';
import type { LoadStack } from './stack.js';
import { Tally } from './stats.js';

export type MatrixRun = LoadRunResult & { drainAfter: { ms: number; complete: boolean } | null };

const peakFactor = 10;
const workerCounts = [0, 1, 2, 4];
/** Longest wait for the edges' queues to empty between runs. */
const drainTimeoutMs = 90_000;

/**
 * 1x with 0, 1, 2, 4 workers, then 10x with 1, 2, 4 and last 0: workers only ever get added
 * before a drain (they help it), and the run that leaves a queue behind needs no drain after it.
 */
export function matrixPlan(options: LoadtestOptions): LoadRunSpec[] {
  // One seed for every run: the runs of a load level offer the same customers at the same times.
  const spec = (load: string, factor: number, workers: number): LoadRunSpec => ({
    load,
    ratePerSecond: options.rate * factor,
    customers: options.customers * factor,
    durationSeconds: options.durationSeconds,
    workers,
    patienceMs: options.patienceMs,
    seed: options.seed,
  });
  const normal = workerCounts.map((w) => spec('1x', 1, w));
  const peak = [1, 2, 4, 0].map((w) => spec(`${peakFactor}x`, peakFactor, w));
  return [...normal, ...peak];
}

/** A few conversations on every edge first, so the first run does not pay for cold code paths. */
export async function warmUp(stack: LoadStack, patienceMs: number): Promise<void> {
  const tally = new Tally();
  const context = { patienceMs: patienceMs * 3, tally, accepting: () => true };
  await Promise.all(
    stack.edgeUrls.flatMap((edge) =>
      corpus
        .filter((c) => c.turns.length > 1)
        .slice(0, 3)
        .map((conversation) => runCustomer({ edge, conversation, thinkMs: [0, 0] }, context)),
    ),
  );
}

/** Runs `plan` in order on one stack, setting the workers and letting the queues drain between runs. */
export async function runPlan(
  stack: LoadStack,
  plan: readonly LoadRunSpec[],
  say: (line: string) => void,
): Promise<MatrixRun[]> {
  const runs: MatrixRun[] = [];
  for (const [i, spec] of plan.entries()) {
    if (i === 0) await stack.setWorkers(spec.workers);
    say(
      `run ${i + 1}/${plan.length}: ${spec.load} load (${spec.ratePerSecond} conversations/s), ${spec.workers} burst worker(s), ${spec.durationSeconds} s`,
    );
    const result = await runLoad(stack, spec, say);
    say(
      `  -> p95 ${result.timeToFirstReplyMs.p95} ms, abandonment ${((result.conversations.abandonmentRate ?? 0) * 100).toFixed(1)}%, ` +
        `${result.throughput.answeredPerSecond} turns/s, burst share ${result.burstShare ?? '-'}, slot queue at end ${result.slotQueue.atEnd}`,
    );
    const next = plan[i + 1];
    let drainAfter: MatrixRun['drainAfter'] = null;
    if (next) {
      if (next.workers > stack.workers()) await stack.setWorkers(next.workers);
      drainAfter = await stack.drain(drainTimeoutMs);
      say(
        `  drained in ${(drainAfter.ms / 1000).toFixed(1)} s${drainAfter.complete ? '' : ' (NOT complete)'}`,
      );
      if (next.workers < stack.workers()) await stack.setWorkers(next.workers);
    }
    runs.push({ ...result, drainAfter });
  }
  return runs;
}

export interface MatrixSummary {
  normalRatePerSecond: number;
  peakRatePerSecond: number;
  target: string;
  peak: {
    met: boolean;
    /** Fewest burst workers with which the 10x run met the target; null when none did. */
    fewestWorkersMeetingTarget: number | null;
    byWorkers: {
      workers: number;
      p95Ms: number | null;
      abandonmentRate: number | null;
      meetsTarget: boolean;
    }[];
  };
  /** The 10x run without burst workers: whether the edges' slot queue kept growing. */
  withoutBurst: {
    slotQueueAtEnd: number;
    slotQueueMax: number;
    trendPerSecond: number;
    grows: boolean;
  } | null;
  /** Burst answers the edges received per second (the workers' output), per worker, in the 10x runs. */
  throughputPerWorker: {
    workers: number;
    burstAnswersPerSecond: number;
    perWorker: number | null;
    /**
     * `saturated`: on average a whole worker's concurrency of turns waited in the burst queue;
     * `near capacity`: turns waited at times; `headroom`: no turn waited for a worker.
     */
    state: 'saturated' | 'near capacity' | 'headroom';
    burstQueueWaitingMean: number;
    burstQueueWaitingMax: number;
  }[];
  /** Upper bound per worker: its concurrency over the mean model latency. */
  workerCapacityPerSecond: number;
  findings: string[];
}

function workerState(
  run: MatrixRun,
  concurrency: number,
): MatrixSummary['throughputPerWorker'][number]['state'] {
  if (run.burstQueue.waitingMean >= concurrency) return 'saturated';
  return run.burstQueue.waitingMax > 0 ? 'near capacity' : 'headroom';
}

export function summarize(runs: readonly MatrixRun[], options: LoadtestOptions, meanLatencyMs: number) {
  const peakLoad = `${peakFactor}x`;
  const peak = runs.filter((r) => r.load === peakLoad).sort((a, b) => a.workers - b.workers);
  const meeting = peak.filter((r) => r.meetsTarget && r.workers > 0);
  const none = peak.find((r) => r.workers === 0);
  const capacity = Math.round((options.workerConcurrency / (meanLatencyMs / 1000)) * 100) / 100;
  const throughput = peak
    .filter((r) => r.workers > 0)
    .map((r) => ({
      workers: r.workers,
      burstAnswersPerSecond: r.throughput.burstAnswersPerSecond,
      perWorker: r.throughput.burstAnswersPerSecondPerWorker,
      state: workerState(r, options.workerConcurrency),
      burstQueueWaitingMean: r.burstQueue.waitingMean,
      burstQueueWaitingMax: r.burstQueue.waitingMax,
    }));
  const withoutBurst = none
    ? {
        slotQueueAtEnd: none.slotQueue.atEnd,
        slotQueueMax: none.slotQueue.max,
        trendPerSecond: none.slotQueue.trendPerSecond,
        grows: none.slotQueue.trendPerSecond > 0.1 && none.slotQueue.atEnd > 0,
      }
    : null;
  const fmtPct = (n: number | null) => (n === null ? '-' : `${(n * 100).toFixed(1)}%`);
  const findings = [
    ...peak.map(
      (r) =>
        `10x with ${r.workers} worker(s): p95 ${r.timeToFirstReplyMs.p95} ms, abandonment ${fmtPct(r.conversations.abandonmentRate)}, ` +
        `${r.throughput.answeredPerSecond} turns/s answered, slot queue at end ${r.slotQueue.atEnd} (trend ${r.slotQueue.trendPerSecond}/s): ` +
        `${r.meetsTarget ? 'meets' : 'misses'} the target`,
    ),
    ...(withoutBurst
      ? [
          `without burst workers the edges' slot queue ${withoutBurst.grows ? 'grows' : 'does not grow'}: ` +
            `${withoutBurst.trendPerSecond} waiting turns/s, ${withoutBurst.slotQueueAtEnd} waiting when the load stopped`,
        ]
      : []),
    ...throughput.map(
      (t) =>
        `${t.workers} worker(s): ${t.burstAnswersPerSecond} burst answers/s, ${t.perWorker} per worker ` +
        `(${t.state}: ${t.burstQueueWaitingMean} turns waited for a worker on average, at most ${t.burstQueueWaitingMax}; ` +
        `bound ${capacity}/s per worker = ${options.workerConcurrency} concurrent / ${meanLatencyMs} ms mean model latency)`,
    ),
  ];
  const summary: MatrixSummary = {
    normalRatePerSecond: options.rate,
    peakRatePerSecond: options.rate * peakFactor,
    target: 'at 10x: p95 time to first reply < 2000 ms and conversation abandonment < 1%',
    peak: {
      met: meeting.length > 0,
      fewestWorkersMeetingTarget: meeting[0]?.workers ?? null,
      byWorkers: peak.map((r) => ({
        workers: r.workers,
        p95Ms: r.timeToFirstReplyMs.p95,
        abandonmentRate: r.conversations.abandonmentRate,
        meetsTarget: r.meetsTarget,
      })),
    },
    withoutBurst,
    throughputPerWorker: throughput,
    workerCapacityPerSecond: capacity,
    findings,
  };
  return summary;
}

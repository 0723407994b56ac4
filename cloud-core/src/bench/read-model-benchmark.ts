import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeNats, connectNats, createLogger, eventsStream, eventsSubjectRoot } from '@branchline/shared';
import { freePort, startNatsServer } from '@branchline/shared/process';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createInbox, headers, type NatsConnection } from '@nats-io/transport-node';
import {
  type KpiQuery,
  OpsReadModel,
  type StreamRecord,
  type SyntheticEvent,
  type SyntheticTotals,
  startReadModelFeeder,
  syntheticFleetEvents,
} from '../ops/read-model/index.js';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
const publishWindow = 4000;
const stallMs = 30_000;
const queryRuns = 7;

/**
 * JetStream publishes with their acks, `publishWindow` at a time, acks read off one inbox: an
 * edge's outbox publishes the same way, and `js.publish` (a request and a timer per message)
 * would make filling the stream the slowest part of the benchmark.
 */
async function publishAll(
  nc: NatsConnection,
  events: Iterable<SyntheticEvent>,
  onProgress: (published: number) => void,
): Promise<number> {
  const inbox = createInbox();
  let sent = 0;
  let acked = 0;
  const failures: string[] = [];
  let waiting: { target: number; resolve: () => void } | undefined;
  const sub = nc.subscribe(`${inbox}.*`, {
    callback: (_err, msg) => {
      const ack = msg.json<{ error?: { description?: string } }>();
      if (ack.error) failures.push(ack.error.description ?? 'unknown');
      acked++;
      if (waiting && acked >= waiting.target) waiting.resolve();
    },
  });
  const ackedUpTo = async (target: number) => {
    while (acked < target) {
      const before = acked;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        waiting = { target, resolve };
        timer = setTimeout(resolve, stallMs);
      });
      clearTimeout(timer);
      waiting = undefined;
      if (acked === before) throw new Error(`no JetStream ack for ${stallMs} ms (${acked}/${sent} acked)`);
    }
  };
  try {
    for (const event of events) {
      const h = headers();
      h.set('Nats-Msg-Id', event.id);
      nc.publish(event.subject, event.body, { headers: h, reply: `${inbox}.${sent}` });
      if (++sent % 100_000 === 0) onProgress(sent);
      if (sent - acked >= publishWindow) await ackedUpTo(sent - publishWindow / 2);
    }
    await ackedUpTo(sent);
  } finally {
    sub.unsubscribe();
  }
  if (failures.length > 0) throw new Error(`${failures.length} publishes refused, first: ${failures[0]}`);
  return sent;
}

/**
 * The ops dashboard's read model at fleet scale: a real nats-server (file storage) holding
 * `events` synthetic events of 50 edges over 30 days; a fresh read model filled from it through
 * the feeder; the dashboard's queries on the result; and apply() alone, from memory.
 */
export async function runReadModelBenchmark(options: {
  events?: number;
  progress: (line: string) => void;
  /** Publishing progress, every 100,000 events. */
  pulse: (line: string) => void;
}) {
  const count = options.events ?? 1_000_000;
  const { progress, pulse } = options;
  const dir = mkdtempSync(join(tmpdir(), 'bl-read-model-bench-'));
  const log = createLogger('read-model-bench', { level: 'warn' });
  try {
    const nats = await startNatsServer({ port: await freePort(), storeDir: join(dir, 'nats') });
    const nc = await connectNats(nats.url, 'read-model-bench', log);
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({
        name: eventsStream,
        subjects: [`${eventsSubjectRoot}.>`],
        duplicate_window: 3_600_000_000_000,
      });
      const totals: SyntheticTotals = { conversations: 0, turns: 0, handoffs: 0, alerts: 0 };
      const publishStarted = performance.now();
      await publishAll(nc, syntheticFleetEvents({ events: count, totals }), (n) =>
        pulse(`published ${n}/${count}`),
      );
      const publishMs = performance.now() - publishStarted;
      const stream = (await jsm.streams.info(eventsStream)).state;
      progress(
        `published ${stream.messages} events in ${round(publishMs / 1000)} s (${stream.bytes} bytes stored)`,
      );

      const model = new OpsReadModel(join(dir, 'ops-read-model.sqlite'), { log });
      const rebuildStarted = performance.now();
      const feeder = startReadModelFeeder({ js: jetstream(nc), jsm, model, log });
      await feeder.caughtUp();
      const rebuildMs = performance.now() - rebuildStarted;
      await feeder.stop();
      const applied = model.status().eventsApplied;
      progress(`feeder: ${applied} events into a fresh read model in ${round(rebuildMs / 1000)} s`);

      const to = new Date(Date.UTC(2026, 9, 31));
      const from = new Date(to.getTime() - 30 * 86_400_000);
      const fleet = model.kpis({ from, to, bucket: 'day' });
      // The figures must be right before their speed means anything.
      const got = {
        conversations: fleet.totals.conversations,
        turns: fleet.totals.turns,
        handoffs: fleet.totals.handoffs,
        alerts: fleet.totals.complianceAlerts,
      };
      if (JSON.stringify(got) !== JSON.stringify(totals) || applied !== count)
        throw new Error(
          `read model has ${JSON.stringify(got)} of ${applied}, sent ${JSON.stringify(totals)}`,
        );
      const timeQuery = (query: KpiQuery) => {
        const runs: number[] = [];
        for (let i = 0; i < queryRuns; i++) {
          const t = performance.now();
          model.kpis(query);
          runs.push(performance.now() - t);
        }
        return round(median(runs), 2);
      };
      const tenEdges = Array.from({ length: 10 }, (_, i) => `branch-${String(i + 1).padStart(2, '0')}`);
      const queriesMs = {
        fleet30DaysByDay: timeQuery({ from, to, bucket: 'day' }),
        fleet30DaysByHour: timeQuery({ from, to, bucket: 'hour' }),
        oneEdge30DaysByDay: timeQuery({ edgeIds: ['branch-07'], from, to, bucket: 'day' }),
        tenEdges30DaysByDay: timeQuery({ edgeIds: tenEdges, from, to, bucket: 'day' }),
        fleetLast24HoursByHour: timeQuery({ from: new Date(to.getTime() - 86_400_000), to, bucket: 'hour' }),
        insightFleet30DaysByDay: round(
          median(
            Array.from({ length: queryRuns }, () => {
              const t = performance.now();
              model.insight({ from, to, bucket: 'day', regionOf: () => 'unlabelled' });
              return performance.now() - t;
            }),
          ),
        ),
        alertsNewest50: round(
          median(
            Array.from({ length: queryRuns }, () => {
              const t = performance.now();
              model.alerts({ limit: 50 });
              return performance.now() - t;
            }),
          ),
          2,
        ),
      };
      progress(`queries (median of ${queryRuns}, ms): ${JSON.stringify(queriesMs)}`);
      model.close();

      const apply = applyFromMemory(count, join(dir, 'apply-only.sqlite'));
      progress(`apply() from memory: ${apply.eventsPerSecond} events/s`);
      return {
        scenario: { events: count, edges: 50, days: 30, sent: totals },
        figures: {
          containmentRate: round(fleet.totals.containmentRate ?? 0, 4),
          handoffRate: round(fleet.totals.handoffRate ?? 0, 4),
          topIntent: fleet.topIntents[0]?.intent ?? null,
        },
        publish: {
          seconds: round(publishMs / 1000),
          eventsPerSecond: perSecond(count, publishMs),
          bytes: stream.bytes,
        },
        rebuildThroughFeeder: {
          seconds: round(rebuildMs / 1000),
          eventsPerSecond: perSecond(applied, rebuildMs),
        },
        queriesMs,
        applyFromMemory: apply,
      };
    } finally {
      await closeNats(nc);
      await nats.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same fleet again, applied in 2,000-event batches straight from memory: parsing and SQLite only. */
function applyFromMemory(count: number, path: string) {
  const model = new OpsReadModel(path);
  const encoder = new TextEncoder();
  let batch: StreamRecord[] = [];
  let seq = 0;
  let applyMs = 0;
  const flush = () => {
    const t = performance.now();
    model.apply(batch);
    applyMs += performance.now() - t;
    batch = [];
  };
  for (const event of syntheticFleetEvents({ events: count })) {
    batch.push({ seq: ++seq, subject: event.subject, data: encoder.encode(event.body) });
    if (batch.length === 2000) flush();
  }
  flush();
  model.close();
  return { batchSize: 2000, seconds: round(applyMs / 1000, 2), eventsPerSecond: perSecond(count, applyMs) };
}

import { performance } from 'node:perf_hooks';
import { eventsStream, eventsSubjectRoot, type Logger } from '@branchline/shared';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import type { OpsReadModel } from './ops-read-model.js';
import type { StreamRecord } from './types.js';

export interface ReadModelFeederOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  model: OpsReadModel;
  log: Logger;
  /** Events per transaction; default 2000. */
  batchSize?: number;
  /** How long a partial batch waits for more before it is applied; default 25 ms. */
  flushMs?: number;
}

export interface ReadModelFeederStatus {
  lastSeq: number;
  /** The stream's last sequence, as last seen; unknown until the first message or `caughtUp`. */
  streamLastSeq?: number;
  lag?: number;
  rebuilding: boolean;
}

export interface ReadModelFeeder {
  /** Applies what has arrived, ends the consumer and resolves once nothing more will be applied. */
  stop(): Promise<void>;
  /** Empties the model and reads the stream again from its first message. */
  rebuild(): Promise<{ events: number; ms: number }>;
  /** Resolves when the model holds the stream as it was when called. */
  caughtUp(): Promise<void>;
  status(): ReadModelFeederStatus;
}

const maxBackoffMs = 10_000;
/** Delete the server-side consumer on the way out, but do not wait on a NATS that is gone. */
const deleteTimeoutMs = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Keeps a read model fed from `BL_EVENTS` with an ordered consumer: ephemeral, no state on the
 * server, re-created by the client after an outage from the last sequence it delivered. The
 * model's own progress is the source of truth for where a new consumer starts.
 */
export function startReadModelFeeder(options: ReadModelFeederOptions): ReadModelFeeder {
  const { js, jsm, model } = options;
  const log = options.log.child({ component: 'read-model-feeder' });
  const batchSize = options.batchSize ?? 2000;
  const flushMs = options.flushMs ?? 25;
  let stopped = false;
  let resetRequested = false;
  let rebuilding: Promise<{ events: number; ms: number }> | undefined;
  let messages: ConsumerMessages | undefined;
  let pending: StreamRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let streamLastSeq: number | undefined;
  let wake: (() => void) | undefined;
  const afterReset: (() => void)[] = [];
  const waiters: { target: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  const noteStreamLast = (seq: number) => {
    if (streamLastSeq === undefined || seq > streamLastSeq) streamLastSeq = seq;
  };

  const settleWaiters = () => {
    const lastSeq = model.lastSeq();
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (waiter && waiter.target <= lastSeq) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };

  let lastMessage: JsMsg | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      model.apply(batch);
    } catch (error) {
      // Nothing of the batch is committed: a new consumer re-reads it from the model's last sequence.
      log.error({ err: error, fromSeq: batch[0]?.seq }, 'applying events to the read model failed');
      messages?.stop(error as Error);
      return;
    }
    if (lastMessage) noteStreamLast(lastMessage.seq + Math.max(0, lastMessage.info.pending));
    settleWaiters();
  };

  const receive = (m: JsMsg) => {
    pending.push({ seq: m.seq, subject: m.subject, data: m.data });
    lastMessage = m;
    if (pending.length >= batchSize) flush();
    else timer ??= setTimeout(flush, flushMs);
  };

  /** Where a new consumer starts: after the model's last sequence, or the stream's first if later. */
  const startSeq = async (): Promise<number> => {
    const { state } = await jsm.streams.info(eventsStream);
    noteStreamLast(state.last_seq);
    if (model.lastSeq() > state.last_seq) {
      // Sequences only fall when the stream was deleted and made again: what the model holds is gone.
      log.warn({ modelSeq: model.lastSeq(), streamLastSeq: state.last_seq }, 'events stream was recreated');
      model.reset();
    }
    const next = model.lastSeq() + 1;
    if (model.lastSeq() > 0 && next < state.first_seq)
      log.warn(
        { missed: state.first_seq - next },
        'events aged out of the stream before the read model saw them',
      );
    return Math.max(next, state.first_seq, 1);
  };

  const session = async () => {
    if (resetRequested) {
      resetRequested = false;
      pending = [];
      model.reset();
      for (const resolve of afterReset.splice(0)) resolve();
    }
    const fromSeq = await startSeq();
    const consumer = await js.consumers.get(eventsStream, {
      opt_start_seq: fromSeq,
      // nats-server 2.9 takes a single filter subject.
      filter_subjects: `${eventsSubjectRoot}.>`,
    });
    try {
      if (stopped || resetRequested) return;
      log.info({ fromSeq, streamLastSeq }, 'reading the events stream into the read model');
      messages = await consumer.consume({ max_messages: Math.max(1000, batchSize * 2), callback: receive });
      // A stop or rebuild that came while the consumer was being made found nothing to close.
      if (stopped || resetRequested) messages.stop();
      const ended = await messages.closed();
      messages = undefined;
      if (resetRequested) {
        clearTimeout(timer);
        timer = undefined;
        pending = [];
      } else flush();
      if (ended instanceof Error && !stopped && !resetRequested) throw ended;
    } finally {
      await Promise.race([consumer.delete().catch(() => false), sleep(deleteTimeoutMs)]);
    }
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        await session();
        failures = 0;
      } catch (error) {
        if (stopped) break;
        failures++;
        const waitMs = Math.min(maxBackoffMs, 250 * 2 ** failures);
        log.warn({ err: error, retryInMs: waitMs }, 'read model feeder lost its consumer; starting again');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, waitMs).unref();
        });
        wake = undefined;
      }
    }
  })();

  const caughtUp = async (): Promise<void> => {
    const { state } = await jsm.streams.info(eventsStream);
    noteStreamLast(state.last_seq);
    if (state.messages === 0 || model.lastSeq() >= state.last_seq) return;
    if (stopped) throw new Error('the read model feeder is stopped');
    await new Promise<void>((resolve, reject) => waiters.push({ target: state.last_seq, resolve, reject }));
  };

  const rebuild = async (): Promise<{ events: number; ms: number }> => {
    if (stopped) throw new Error('the read model feeder is stopped');
    const started = performance.now();
    const reset = new Promise<void>((resolve) => afterReset.push(resolve));
    resetRequested = true;
    wake?.();
    await messages?.close();
    await reset;
    await caughtUp();
    const status = model.status();
    const result = {
      events: status.eventsApplied + status.skipped,
      ms: Math.round(performance.now() - started),
    };
    log.info(result, 'read model rebuilt from the events stream');
    return result;
  };

  return {
    async stop() {
      if (!stopped) {
        stopped = true;
        wake?.();
        await messages?.close();
      }
      await loop;
      for (const waiter of waiters.splice(0)) waiter.reject(new Error('the read model feeder stopped'));
      for (const resolve of afterReset.splice(0)) resolve();
    },
    rebuild() {
      rebuilding ??= rebuild().finally(() => {
        rebuilding = undefined;
      });
      return rebuilding;
    },
    caughtUp,
    status() {
      const lastSeq = model.lastSeq();
      return {
        lastSeq,
        ...(streamLastSeq === undefined ? {} : { streamLastSeq, lag: Math.max(0, streamLastSeq - lastSeq) }),
        rebuilding: rebuilding !== undefined,
      };
    },
  };
}

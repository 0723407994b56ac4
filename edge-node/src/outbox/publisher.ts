import { backoffDelay, type Logger, sleep } from '@branchline/shared';
import type { NatsConnection } from '@nats-io/transport-node';
import { coreJetStream } from '../core-link/core-jetstream.js';
import type { Outbox } from './outbox.js';

export interface PublisherOptions {
  batchSize: number;
  publishTimeoutMs: number;
  idleMs: number;
  retainPublishedMs: number;
}

const defaults: PublisherOptions = {
  batchSize: 128,
  publishTimeoutMs: 5000,
  idleMs: 1000,
  retainPublishedMs: 24 * 3_600_000,
};

/**
 * Drains the outbox into JetStream. Each event is published with its id as message id, so a
 * re-send after a lost ack is dropped by the stream; a row is marked only after the ack. A
 * failure backs off and retries the same rows: an outage only delays events.
 */
export function startPublisher(
  outbox: Outbox,
  nc: NatsConnection,
  log: Logger,
  options: Partial<PublisherOptions> = {},
): { stop(): Promise<void> } {
  const opts = { ...defaults, ...options };
  const js = coreJetStream(nc, { timeout: opts.publishTimeoutMs });
  const abort = new AbortController();
  let wake: (() => void) | undefined;
  const unsubscribe = outbox.onAppend(() => wake?.());

  const loop = async () => {
    let failures = 0;
    let lastPrune = 0;
    while (!abort.signal.aborted) {
      const batch = outbox.pending(opts.batchSize);
      if (batch.length === 0) {
        if (Date.now() - lastPrune > 60_000) {
          lastPrune = Date.now();
          outbox.prunePublished(new Date(Date.now() - opts.retainPublishedMs));
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          void sleep(opts.idleMs, abort.signal).then(resolve);
        });
        wake = undefined;
        continue;
      }
      const results = await Promise.allSettled(
        batch.map((event) => js.publish(event.subject, event.payload, { msgID: event.id })),
      );
      const acked = batch.filter((_, i) => results[i]?.status === 'fulfilled').map((e) => e.seq);
      const failed = batch.filter((_, i) => results[i]?.status === 'rejected').map((e) => e.seq);
      outbox.markPublished(acked);
      if (failed.length === 0) {
        if (failures > 0) log.info({ after: failures }, 'event publishing recovered');
        failures = 0;
        continue;
      }
      outbox.markAttempted(failed);
      const reason = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      if (failures === 0)
        log.warn({ err: reason.reason, pending: outbox.backlog() }, 'event publishing failing; will retry');
      await sleep(backoffDelay(failures++, { initialMs: 200, maxMs: 10_000 }), abort.signal);
    }
  };
  const running = loop().catch((error: unknown) => log.error({ err: error }, 'outbox publisher stopped'));

  return {
    stop: async () => {
      abort.abort();
      wake?.();
      unsubscribe();
      await running;
    },
  };
}

import { backoffDelay, edgeConfigBucket, type Logger, sleep } from '@branchline/shared';
import type { NatsConnection } from '@nats-io/transport-node';
import { coreKv } from './core-jetstream.js';

/**
 * Follows one of this edge's keys in the core's `bl_edge_config` bucket (`<edgeId>.knowledge`,
 * `<edgeId>.bundle`): every non-empty value it is given, the current one first. The core creates
 * the bucket, so an edge that starts first waits for it; a broken watch is re-opened.
 */
export function watchEdgeKey(
  nc: NatsConnection,
  key: string,
  onValue: (value: Uint8Array, revision: number) => void,
  signal: AbortSignal,
  log: Logger,
): Promise<void> {
  return (async () => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const kv = await coreKv(nc).open(edgeConfigBucket);
        const watcher = await kv.watch({ key });
        signal.addEventListener('abort', () => watcher.stop(), { once: true });
        attempt = 0;
        for await (const entry of watcher) {
          if (entry.operation === 'PUT' && entry.value.length > 0) onValue(entry.value, entry.revision);
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        const delay = backoffDelay(attempt, { initialMs: 500, maxMs: 10_000 });
        log.debug({ err: (error as Error).message, key, retryInMs: delay }, 'edge key not readable yet');
        await sleep(delay, signal);
      }
    }
  })();
}

import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from '@branchline/shared';
import type { EdgeDatabase } from './open-database.js';

/**
 * Checkpoints the edge's WAL from a worker thread. SQLite would otherwise checkpoint inside
 * whichever commit crosses the threshold, and that commit (a customer's turn) would wait for
 * the disk. The connection's own automatic checkpoint stays on, at a higher mark, as a backstop.
 */
export function startCheckpointer(db: EdgeDatabase, path: string, log: Logger, intervalMs = 1000) {
  db.$client.pragma('wal_autocheckpoint = 10000');
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
    workerData: { path, intervalMs },
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error) log.warn({ err: message.error }, 'WAL checkpoint failed');
  });
  worker.on('error', (error) => log.error({ err: error }, 'WAL checkpointer stopped'));
  worker.unref();
  return {
    async stop(): Promise<void> {
      // Held open until the last checkpoint is done.
      worker.ref();
      worker.postMessage('stop');
      await once(worker, 'exit');
    },
  };
}

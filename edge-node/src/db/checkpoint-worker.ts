import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

// Runs in a worker thread with its own connection: moves WAL pages into the database file
// (and the fsync that goes with it) off the thread that answers customers.
const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new Database(path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).message });
  }
}, intervalMs);
parentPort?.on('message', (message: unknown) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    parentPort?.close();
  }
});

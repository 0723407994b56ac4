export { ensureBurstQueue } from './burst-queue.js';
export {
  type BurstWorker,
  type BurstWorkerOptions,
  type BurstWorkerStats,
  startBurstWorker,
} from './burst-worker.js';
export { runBurstWorker } from './run-burst-worker.js';
export { type BurstWorkerConfig, burstWorkerEnv, loadBurstWorkerConfig } from './worker-config.js';

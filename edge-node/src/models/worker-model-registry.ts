import { Worker } from 'node:worker_threads';
import {
  BranchlineError,
  type Classification,
  type EntitySpan,
  isErrorCode,
  type Logger,
  type ModelCard,
  toClassification,
} from '@branchline/shared';
import type { ModelStore } from './model-store.js';
import type { Models } from './models.js';
import type { WorkerCall, WorkerResult } from './worker-protocol.js';

type Call = WorkerCall extends infer C ? (C extends WorkerCall ? Omit<C, 'id'> : never) : never;

/**
 * The edge's models on a worker thread, with the same contract as the in-process registry
 * (warm sessions, hot swap). Calls made in the same tick travel in one message, and the worker
 * runs them as one batch per model.
 */
export class WorkerModelRegistry implements Models {
  private readonly worker: Worker;
  private readonly cards = new Map<string, ModelCard>();
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  private queue: WorkerCall[] = [];
  private nextId = 1;

  constructor(
    store: ModelStore,
    private readonly log: Logger,
  ) {
    this.worker = new Worker(new URL('./model-worker.js', import.meta.url), {
      workerData: { root: store.root, logLevel: log.level },
    });
    this.worker.on('message', (results: WorkerResult[]) => {
      for (const result of results) {
        const waiter = this.waiting.get(result.id);
        this.waiting.delete(result.id);
        if (!waiter) continue;
        if (result.ok) waiter.resolve(result.value);
        else {
          const code = isErrorCode(result.error.code) ? result.error.code : 'internal';
          waiter.reject(new BranchlineError(code, result.error.message));
        }
      }
      if (this.waiting.size === 0) this.worker.unref();
    });
    this.worker.on('error', (error) => {
      log.error({ err: error }, 'model worker failed');
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
    this.worker.unref();
  }

  private call<T>(call: Call): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.ref();
      if (this.queue.length === 0) setImmediate(() => this.worker.postMessage(this.queue.splice(0)));
      this.queue.push({ ...call, id } as WorkerCall);
    });
  }

  async activate(task: string, sha256: string): Promise<ModelCard> {
    const card = await this.call<ModelCard>({ op: 'activate', task, sha256 });
    this.cards.set(task, card);
    this.log.info({ task, sha256: sha256.slice(0, 12) }, 'model active (worker thread)');
    return card;
  }

  card(task: string): ModelCard | undefined {
    return this.cards.get(task);
  }

  async classify(task: string, text: string): Promise<Classification> {
    const card = this.cards.get(task);
    if (!card) throw new BranchlineError('unavailable', `no ${task} model is active on this edge`);
    if (card.kind !== 'classifier')
      throw new BranchlineError('invalid_argument', `${task} is not a classifier`);
    return toClassification(card, await this.call<Float32Array>({ op: 'classify', task, text }));
  }

  tag(task: string, text: string): Promise<EntitySpan[]> {
    return this.call<EntitySpan[]>({ op: 'tag', task, text });
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}

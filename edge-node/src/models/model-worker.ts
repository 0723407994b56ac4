import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '@branchline/shared';
import { ModelRegistry } from './model-registry.js';
import { ModelStore } from './model-store.js';
import type { WorkerCall, WorkerResult } from './worker-protocol.js';

// The models' thread: featurizing, onnxruntime (whose run is synchronous in onnxruntime-node)
// and decoding happen here, so the thread that answers customers only sends text and gets labels.
const { root, logLevel } = workerData as { root: string; logLevel: string };
const registry = new ModelRegistry(new ModelStore(root), createLogger('edge-models', { level: logLevel }));

async function handle(call: WorkerCall): Promise<WorkerResult> {
  try {
    switch (call.op) {
      case 'activate':
        return { id: call.id, ok: true, value: await registry.activate(call.task, call.sha256) };
      case 'classify':
        return { id: call.id, ok: true, value: (await registry.classify(call.task, call.text)).probs };
      case 'tag':
        return { id: call.id, ok: true, value: await registry.tag(call.task, call.text) };
      case 'close':
        await registry.close();
        return { id: call.id, ok: true, value: null };
    }
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { id: call.id, ok: false, error: { code: code ?? 'internal', message: message ?? String(error) } };
  }
}

parentPort?.on('message', (calls: WorkerCall[]) => {
  // All calls of one message start together, so the registry's batchers see them in one tick.
  void Promise.all(calls.map(handle)).then((results) => parentPort?.postMessage(results));
});

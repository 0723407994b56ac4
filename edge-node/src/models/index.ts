export { Batcher } from './batcher.js';
export { loadModelsFrom } from './load-models.js';
export { ModelRegistry } from './model-registry.js';
export { ModelStore } from './model-store.js';
export type { Models } from './models.js';
export { WorkerModelRegistry } from './worker-model-registry.js';

export { type EdgeConfig, edgeConfigSchema, edgeEnv, loadEdgeConfig } from './config.js';
export { openDatabase } from './db/index.js';
export { type RunningEdge, startEdge } from './edge.js';
export { Outbox, startPublisher } from './outbox/index.js';

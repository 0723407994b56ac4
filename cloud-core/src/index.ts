export { adminTokenPath } from './admin-token.js';
export { type CoreConfig, coreConfigSchema, coreEnv, loadCoreConfig } from './config.js';
export { type RunningCore, startCore } from './core.js';

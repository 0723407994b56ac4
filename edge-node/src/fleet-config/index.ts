export { ActiveConfig } from './active-config.js';
export { type ConfigSyncDeps, startConfigSync } from './config-sync.js';

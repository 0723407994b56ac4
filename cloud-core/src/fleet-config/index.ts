export { BundleStore, type StoredBundle } from './bundle-store.js';
export { deployBundle } from './deploy-bundle.js';
export { type HealthStats, healthOf } from './edge-health.js';
export { type LabelSelector, matches, parseSelector } from './label-selector.js';
export { type Rollout, type RolloutPhase, type RolloutRequest, rolloutRequestSchema } from './rollout.js';
export {
  advanceRollout,
  defaultBundleVersion,
  type RolloutDeps,
  rollBackRollout,
  startRollout,
  startRolloutController,
} from './rollout-controller.js';
export { RolloutStore } from './rollout-store.js';

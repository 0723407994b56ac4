export { type ArtifactClient, artifactClient } from './artifact-client.js';
export { coreJetStream, coreJetStreamManager, coreKv, useCoreDomain } from './core-jetstream.js';
export { type DialogClient, dialogClient } from './dialog-client.js';
export {
  type CoreLink,
  type CoreLinkState,
  fleetClient,
  type HeartbeatOptions,
  startHeartbeats,
} from './heartbeat-loop.js';
export { watchEdgeKey } from './watch-edge-key.js';

export {
  type CoreLink,
  type CoreLinkState,
  fleetClient,
  type HeartbeatOptions,
  startHeartbeats,
} from './heartbeat-loop.js';

export { type EdgeRecord, EdgeRegistry } from './edge-registry.js';
export { enrollmentService } from './enrollment-service.js';
export { type FleetEdgeWithDrift, withDrift } from './fleet-drift.js';
export { type EdgeStatus, edgeStatus, type FleetEdge, listFleet } from './fleet-view.js';
export { fleetService } from './heartbeat-service.js';
export { type TokenRecord, TokenStore } from './token-store.js';

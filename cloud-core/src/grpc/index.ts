export { type PeerIdentity, peerIdentity } from './peer-identity.js';
export { type GrpcServers, type GrpcServices, startGrpcServers } from './servers.js';
export { toServiceError, unary } from './service-error.js';

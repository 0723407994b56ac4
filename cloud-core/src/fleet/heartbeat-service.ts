import type { FleetServiceServer, HeartbeatRequest, HeartbeatResponse } from '@branchline/proto';
import { BranchlineError, type Logger } from '@branchline/shared';
import { peerIdentity } from '../grpc/peer-identity.js';
import { unary } from '../grpc/service-error.js';
import type { EdgeRegistry } from './edge-registry.js';

export interface HeartbeatDeps {
  edges: EdgeRegistry;
  intervalMs: number;
  log: Logger;
}

/** Serials compare as numbers: tools differ in case and in leading zeros. */
function normalizeSerial(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, '');
}

export async function heartbeat(
  deps: HeartbeatDeps,
  request: HeartbeatRequest,
  call: { getAuthContext(): unknown },
): Promise<HeartbeatResponse> {
  const peer = peerIdentity(call);
  const record = await deps.edges.get(peer.edgeId);
  if (!record) throw new BranchlineError('forbidden', `edge ${peer.edgeId} is not enrolled`);
  if (normalizeSerial(record.certificateSerial) !== normalizeSerial(peer.serialNumber)) {
    throw new BranchlineError(
      'forbidden',
      `the certificate of edge ${peer.edgeId} was superseded by a re-enrollment`,
    );
  }
  const now = new Date();
  await deps.edges.put({
    ...record,
    version: request.version,
    configVersion: request.configVersion,
    outboxBacklog: request.outboxBacklog,
    lastHeartbeatAt: now.toISOString(),
    ...(request.startedAt ? { startedAt: request.startedAt.toISOString() } : {}),
    ...(request.load ? { load: request.load } : {}),
  });
  return { serverTime: now, intervalMs: deps.intervalMs };
}

export function fleetService(deps: HeartbeatDeps): FleetServiceServer {
  return {
    heartbeat: unary(deps.log, (request: HeartbeatRequest, call) => heartbeat(deps, request, call)),
  };
}

import type { ArtifactServiceServer, FetchArtifactRequest, FetchArtifactResponse } from '@branchline/proto';
import { BranchlineError, type Logger } from '@branchline/shared';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { EdgeRegistry } from '../fleet/index.js';
import { peerIdentity, toServiceError } from '../grpc/index.js';
import { type ArtifactStore, sha256Pattern } from './artifact-store.js';

export const defaultChunkBytes = 256 * 1024;

export interface ArtifactServiceDeps {
  artifacts: ArtifactStore;
  edges: EdgeRegistry;
  log: Logger;
}

const normalizeSerial = (hex: string) => hex.toLowerCase().replace(/^0+/, '');

/** The mTLS handshake proved the CA; this proves the edge is still enrolled with this certificate. */
async function requireEnrolled(edges: EdgeRegistry, call: { getAuthContext(): unknown }): Promise<string> {
  const peer = peerIdentity(call);
  const record = await edges.get(peer.edgeId);
  if (!record) throw new BranchlineError('forbidden', `edge ${peer.edgeId} is not enrolled`);
  if (normalizeSerial(record.certificateSerial) !== normalizeSerial(peer.serialNumber)) {
    throw new BranchlineError('forbidden', `the certificate of edge ${peer.edgeId} was superseded`);
  }
  return peer.edgeId;
}

function write(
  call: ServerWritableStream<FetchArtifactRequest, FetchArtifactResponse>,
  message: FetchArtifactResponse,
): Promise<void> {
  // Honour backpressure: a slow edge link must not make the core buffer a whole artifact.
  return call.write(message) ? Promise.resolve() : new Promise((resolve) => call.once('drain', resolve));
}

export async function fetchArtifact(
  deps: ArtifactServiceDeps,
  call: ServerWritableStream<FetchArtifactRequest, FetchArtifactResponse>,
): Promise<void> {
  const edgeId = await requireEnrolled(deps.edges, call);
  const { sha256, offset, maxChunkBytes } = call.request;
  if (!sha256Pattern.test(sha256)) {
    throw new BranchlineError('invalid_argument', 'sha256: 64 lower-case hex digits');
  }
  const info = await deps.artifacts.info(sha256);
  if (!info) throw new BranchlineError('not_found', `no artifact ${sha256}`);
  if (offset > info.sizeBytes) {
    throw new BranchlineError(
      'invalid_argument',
      `offset ${offset} is past the end (${info.sizeBytes} bytes)`,
    );
  }
  const chunkBytes = maxChunkBytes > 0 ? Math.min(maxChunkBytes, defaultChunkBytes) : defaultChunkBytes;
  deps.log.debug({ edgeId, sha256, offset }, 'artifact fetch');
  await write(call, { payload: { $case: 'info', value: info } });
  let position = offset;
  for await (const data of deps.artifacts.read(sha256, offset, chunkBytes)) {
    if (call.cancelled) return;
    await write(call, { payload: { $case: 'chunk', value: { offset: position, data: Buffer.from(data) } } });
    position += data.length;
  }
  call.end();
}

export function artifactService(deps: ArtifactServiceDeps): ArtifactServiceServer {
  return {
    fetchArtifact: (call) => {
      fetchArtifact(deps, call).catch((error: unknown) => {
        call.emit('error', toServiceError(error, deps.log));
      });
    },
  };
}

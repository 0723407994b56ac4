import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ArtifactServiceClient, type FetchArtifactResponse } from '@branchline/proto';
import { BranchlineError } from '@branchline/shared';
import { credentials } from '@grpc/grpc-js';
import type { EdgeIdentity } from '../identity/index.js';

export interface ArtifactClient {
  /**
   * Downloads an artifact to `file`, resuming from a partial `file.part` left by a cut, and
   * verifies its sha256 before it takes the final name. Resolves with the size in bytes and the
   * offset this call started from (above 0 when it resumed a cut download).
   */
  fetch(
    sha256: string,
    file: string,
    onProgress?: (received: number, total: number) => void,
  ): Promise<{ bytes: number; resumedFrom: number }>;
  close(): void;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function artifactClient(
  coreAddress: string,
  coreTlsName: string,
  identity: EdgeIdentity,
): ArtifactClient {
  const client = new ArtifactServiceClient(
    coreAddress,
    credentials.createSsl(
      Buffer.from(identity.caCertificatePem),
      Buffer.from(identity.privateKeyPem),
      Buffer.from(identity.certificatePem),
    ),
    { 'grpc.ssl_target_name_override': coreTlsName, 'grpc.max_receive_message_length': 8 * 1024 * 1024 },
  );
  return {
    async fetch(sha256, file, onProgress) {
      const part = `${file}.part`;
      await mkdir(dirname(file), { recursive: true });
      const offset = await sizeOf(part);
      const out = createWriteStream(part, { flags: 'a' });
      let received = offset;
      let total = 0;
      try {
        const call = client.fetchArtifact({ sha256, offset, maxChunkBytes: 0 });
        for await (const response of call as AsyncIterable<FetchArtifactResponse>) {
          const payload = response.payload;
          if (payload?.$case === 'info') total = Number(payload.value.sizeBytes);
          else if (payload?.$case === 'chunk') {
            if (Number(payload.value.offset) !== received) {
              throw new BranchlineError(
                'internal',
                `artifact ${sha256.slice(0, 12)}: chunk at ${payload.value.offset}, expected ${received}`,
              );
            }
            if (!out.write(payload.value.data)) await once(out, 'drain');
            received += payload.value.data.length;
            onProgress?.(received, total);
          }
        }
      } finally {
        out.end();
        await once(out, 'close');
      }
      if (total > 0 && received !== total)
        throw new BranchlineError(
          'unavailable',
          `artifact ${sha256.slice(0, 12)}: got ${received} of ${total} bytes`,
          true,
        );
      const actual = await sha256Of(part);
      if (actual !== sha256) {
        // A corrupt partial download must not poison the next attempt.
        await rm(part, { force: true });
        throw new BranchlineError(
          'failed_precondition',
          `artifact ${sha256.slice(0, 12)} arrived with sha256 ${actual.slice(0, 12)}`,
        );
      }
      await rename(part, file);
      return { bytes: received, resumedFrom: offset };
    },
    close: () => client.close(),
  };
}

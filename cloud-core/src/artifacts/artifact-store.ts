import { createHash } from 'node:crypto';
import type { ObjectStore } from '@nats-io/obj';

export interface ArtifactInfo {
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

export interface StoredArtifact extends ArtifactInfo {
  storedAt: Date;
}

export const sha256Pattern = /^[0-9a-f]{64}$/;
const defaultMediaType = 'application/octet-stream';

/**
 * Immutable artifacts in the JetStream object store, each named by the sha256 hex of its bytes.
 * The media type rides in the object's description (nats-server 2.9 has no object metadata).
 */
export class ArtifactStore {
  constructor(private readonly os: ObjectStore) {}

  async info(sha256: string): Promise<ArtifactInfo | undefined> {
    if (!sha256Pattern.test(sha256)) return undefined;
    const info = await this.os.info(sha256);
    if (!info || info.deleted) return undefined;
    return { sha256, sizeBytes: info.size, mediaType: info.description || defaultMediaType };
  }

  /** Stores `bytes` under their sha256 unless already there; content addressing makes it idempotent. */
  async putIfAbsent(bytes: Uint8Array, mediaType: string): Promise<{ sha256: string; created: boolean }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.info(sha256)) return { sha256, created: false };
    await this.os.putBlob({ name: sha256, description: mediaType }, bytes);
    return { sha256, created: true };
  }

  async list(): Promise<StoredArtifact[]> {
    const all = await this.os.list();
    return all
      .filter((info) => !info.deleted && sha256Pattern.test(info.name))
      .map((info) => ({
        sha256: info.name,
        sizeBytes: info.size,
        mediaType: info.description || defaultMediaType,
        storedAt: new Date(info.mtime),
      }));
  }

  async delete(sha256: string): Promise<void> {
    await this.os.delete(sha256);
  }

  /**
   * The artifact's bytes from `offset` on, in pieces of at most `chunkBytes`. The object store
   * reads from the start, so the bytes before `offset` are read and dropped here.
   */
  async *read(sha256: string, offset: number, chunkBytes: number): AsyncGenerator<Uint8Array> {
    const result = await this.os.get(sha256);
    if (!result) return;
    let position = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    for await (const piece of result.data) {
      let data = piece;
      if (position + data.length <= offset) {
        position += data.length;
        continue;
      }
      if (position < offset) data = data.subarray(offset - position);
      position += piece.length;
      pending.push(data);
      pendingBytes += data.length;
      while (pendingBytes >= chunkBytes) {
        const all = Buffer.concat(pending);
        yield all.subarray(0, chunkBytes);
        const rest = all.subarray(chunkBytes);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    }
    const error = await result.error;
    if (error) throw error;
    if (pendingBytes > 0) yield Buffer.concat(pending);
  }
}

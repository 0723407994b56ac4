import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { backoffDelay, knowledgeSnapshotSchema, type Logger, sleep } from '@branchline/shared';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import { type ArtifactClient, watchEdgeKey } from '../core-link/index.js';
import type { Outbox } from '../outbox/index.js';
import type { KnowledgeBase } from './knowledge-base.js';

const assignmentSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  snapshotId: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
});
type Assignment = z.infer<typeof assignmentSchema>;

export interface KnowledgeSyncDeps {
  nc: NatsConnection;
  edgeId: string;
  knowledge: KnowledgeBase;
  artifacts: ArtifactClient;
  /** Knowledge downloads land here (content-addressed), resumable after a cut; nothing else. */
  dir: string;
  outbox: Outbox;
  log: Logger;
}

/** Parts of downloads the core no longer assigns would otherwise stay on disk for good. */
async function removeAbandoned(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.endsWith('.part')).map((n) => rm(join(dir, n), { force: true })));
}

/**
 * Keeps the installed knowledge snapshot the one the core assigns: watches the edge's key in
 * NATS KV, fetches a new snapshot over gRPC (resuming, sha256-verified), and swaps it in whole.
 * Until the new one is in, the edge answers from the old one; a snapshot that does not parse is
 * refused, reported, and the old one kept.
 */
export function startKnowledgeSync(deps: KnowledgeSyncDeps): { stop(): Promise<void> } {
  const abort = new AbortController();
  const key = `${deps.edgeId}.knowledge`;
  let wanted: Assignment | undefined;
  let busy: Promise<void> = Promise.resolve();

  const install = async (assignment: Assignment) => {
    if (deps.knowledge.installedSha256() === assignment.sha256) return;
    const file = join(deps.dir, `${assignment.sha256}.json`);
    for (let attempt = 0; !abort.signal.aborted; attempt++) {
      const started = Date.now();
      try {
        const { bytes, resumedFrom } = await deps.artifacts.fetch(assignment.sha256, file);
        const parsed = knowledgeSnapshotSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (!parsed.success) {
          const reason = parsed.error.issues[0]?.message ?? 'invalid snapshot';
          deps.outbox.append({ type: 'knowledge.refused', data: { sha256: assignment.sha256, reason } });
          deps.log.warn(
            { sha256: assignment.sha256, reason },
            'knowledge snapshot refused; keeping the installed one',
          );
          return;
        }
        const counts = deps.knowledge.install(parsed.data, assignment.sha256);
        await rm(file, { force: true });
        await removeAbandoned(deps.dir);
        const ms = Date.now() - started;
        deps.outbox.append({
          type: 'knowledge.installed',
          data: { snapshotId: parsed.data.id, sha256: assignment.sha256, bytes, resumedFrom, ms, ...counts },
        });
        deps.log.info(
          { snapshotId: parsed.data.id, ...counts, bytes, resumedFrom, ms },
          'knowledge snapshot installed',
        );
        return;
      } catch (error) {
        if (error instanceof SyntaxError) {
          await rm(file, { force: true });
          deps.outbox.append({
            type: 'knowledge.refused',
            data: { sha256: assignment.sha256, reason: 'not JSON' },
          });
          return;
        }
        const delay = backoffDelay(attempt, { initialMs: 500, maxMs: 30_000 });
        deps.log.warn({ err: (error as Error).message, retryInMs: delay }, 'knowledge snapshot fetch failed');
        await sleep(delay, abort.signal);
        // A newer assignment came while this one failed: it is the one to fetch now.
        if (wanted && wanted.sha256 !== assignment.sha256) return;
      }
    }
  };

  const consider = (raw: Uint8Array) => {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      deps.log.warn({ key }, 'knowledge assignment is not JSON');
      return;
    }
    const parsed = assignmentSchema.safeParse(value);
    if (!parsed.success) {
      deps.log.warn({ key }, 'knowledge assignment is malformed');
      return;
    }
    wanted = parsed.data;
    // One install at a time; the latest assignment wins when the current one ends.
    busy = busy.then(() => (wanted ? install(wanted) : undefined));
  };

  const running = watchEdgeKey(deps.nc, key, consider, abort.signal, deps.log);
  return {
    async stop() {
      abort.abort();
      await running;
      await busy.catch(() => undefined);
    },
  };
}

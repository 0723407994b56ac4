import type { Logger } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import type { ArtifactStore } from '../artifacts/index.js';
import type { EdgeRegistry } from '../fleet/index.js';
import type { ArticleStore } from './article-store.js';
import { canonicalJson } from './canonical-json.js';
import { buildSnapshot, snapshotMediaType } from './snapshot-builder.js';

/** The value under `<edgeId>.knowledge` in `bl_edge_config`: which snapshot the edge installs. */
export interface KnowledgeAssignment {
  sha256: string;
  snapshotId: string;
  sizeBytes: number;
  mediaType: string;
}

export const assignmentKey = (edgeId: string) => `${edgeId}.knowledge`;

export interface SnapshotPublisherDeps {
  articles: ArticleStore;
  /** The raw KV buckets behind the articles and the edge registry, watched for changes. */
  articlesKv: KV;
  edgesKv: KV;
  edges: EdgeRegistry;
  edgeConfig: KV;
  artifacts: ArtifactStore;
  log: Logger;
  /** Changes closer together than this make one recompute. */
  debounceMs?: number;
  /** A full reconcile also runs this often, in case a watch missed something. */
  reconcileMs?: number;
  /**
   * A snapshot no edge is assigned any more is deleted once it is this old, so the object store
   * does not grow with every edit; the grace covers another replica assigning it a moment ago.
   */
  unassignedGraceMs?: number;
}

export interface SnapshotPublisher {
  /** Recomputes every edge's snapshot now (what the watches trigger). */
  publish(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps every enrolled edge's knowledge assignment current: after any article change, any new
 * edge or changed labels, and at start, it builds each edge's snapshot, stores it once by sha256
 * and rewrites assignments that changed. Every replica may run it: the result is deterministic
 * and writes happen only on change, so replicas agree instead of fighting.
 */
export function startSnapshotPublisher(deps: SnapshotPublisherDeps): SnapshotPublisher {
  const debounceMs = deps.debounceMs ?? 200;
  const graceMs = deps.unassignedGraceMs ?? 60 * 60 * 1000;
  const knownLabels = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let dirty = false;
  let stopped = false;

  const recompute = async () => {
    const [stored, synonyms, edges] = await Promise.all([
      deps.articles.list(),
      deps.articles.synonyms(),
      deps.edges.list(),
    ]);
    const byLabels = new Map<string, ReturnType<typeof buildSnapshot>>();
    const assigned = new Set<string>();
    for (const edge of edges) {
      const labelsKey = canonicalJson(edge.labels);
      let built = byLabels.get(labelsKey);
      if (!built) {
        built = buildSnapshot(stored, synonyms, edge.labels);
        byLabels.set(labelsKey, built);
        const { created } = await deps.artifacts.putIfAbsent(built.bytes, snapshotMediaType);
        if (created) {
          deps.log.info(
            { snapshotId: built.snapshotId, sha256: built.sha256, articles: built.articleIds.length },
            'knowledge snapshot stored',
          );
        }
      }
      assigned.add(built.sha256);
      const assignment: KnowledgeAssignment = {
        sha256: built.sha256,
        snapshotId: built.snapshotId,
        sizeBytes: built.bytes.length,
        mediaType: snapshotMediaType,
      };
      const value = canonicalJson(assignment);
      const current = await deps.edgeConfig.get(assignmentKey(edge.id));
      if (current?.operation === 'PUT' && current.string() === value) continue;
      await deps.edgeConfig.put(assignmentKey(edge.id), value);
      deps.log.info(
        { edgeId: edge.id, snapshotId: built.snapshotId, sha256: built.sha256 },
        'knowledge snapshot assigned',
      );
    }
    await removeUnassigned(assigned);
  };

  const removeUnassigned = async (assigned: ReadonlySet<string>) => {
    const now = Date.now();
    for (const artifact of await deps.artifacts.list()) {
      if (artifact.mediaType !== snapshotMediaType || assigned.has(artifact.sha256)) continue;
      if (now - artifact.storedAt.getTime() < graceMs) continue;
      await deps.artifacts.delete(artifact.sha256);
      deps.log.info(
        { sha256: artifact.sha256, bytes: artifact.sizeBytes },
        'unassigned knowledge snapshot deleted',
      );
    }
  };

  const publish = async (): Promise<void> => {
    if (running) {
      dirty = true;
      return running;
    }
    running = (async () => {
      do {
        dirty = false;
        try {
          await recompute();
        } catch (error) {
          deps.log.error({ err: error }, 'knowledge snapshots not published; retrying');
          if (!stopped) schedule(2000);
        }
      } while (dirty && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  function schedule(delayMs = debounceMs) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void publish();
    }, delayMs);
  }

  const watchers: { stop(): void }[] = [];
  const watchArticles = async () => {
    const watcher = await deps.articlesKv.watch();
    watchers.push(watcher);
    for await (const _entry of watcher) schedule();
  };
  // Heartbeats rewrite edge records all the time; only a new edge or changed labels matter.
  const watchEdges = async () => {
    const watcher = await deps.edgesKv.watch();
    watchers.push(watcher);
    for await (const entry of watcher) {
      if (entry.operation !== 'PUT') {
        knownLabels.delete(entry.key);
        const current = await deps.edgeConfig.get(assignmentKey(entry.key)).catch(() => null);
        if (current?.operation === 'PUT') await deps.edgeConfig.delete(assignmentKey(entry.key));
        continue;
      }
      let labels: string;
      try {
        labels = canonicalJson((entry.json() as { labels?: unknown }).labels ?? {});
      } catch {
        continue;
      }
      if (knownLabels.get(entry.key) === labels) continue;
      knownLabels.set(entry.key, labels);
      schedule();
    }
  };
  const failed = (what: string) => (error: unknown) => {
    if (!stopped) deps.log.error({ err: error }, `${what} watch ended`);
  };
  const watching = Promise.all([
    watchArticles().catch(failed('knowledge articles')),
    watchEdges().catch(failed('fleet edges')),
  ]);
  const reconcile = setInterval(() => schedule(0), deps.reconcileMs ?? 60_000);
  schedule(0);

  return {
    publish,
    stop: async () => {
      stopped = true;
      clearInterval(reconcile);
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.stop();
      await watching;
      await running;
    },
  };
}

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KnowledgeArticle } from '@branchline/shared';
import { createEnrollmentToken, startEdgeProcess, startTestStack } from '@branchline/shared/process';

interface Installed {
  at: number;
  snapshotId: string;
  articles: number;
  bytes: number;
  /** The edge's own time: fetch over gRPC, sha256 check, install into SQLite. */
  ms: number;
}

const batchBytes = 768 * 1024;
const round = (n: number) => Math.round(n);

/**
 * Snapshot sync of a large knowledge base through the real parts: a nats-server, the core and an
 * edge process. Articles go in through the core's import API; the core builds and publishes the
 * snapshot; the edge learns of it from its KV key, fetches it over mTLS gRPC, checks its sha256
 * and installs it. Measured from the core's answer to the edge's "installed" log line.
 */
export async function runKnowledgeSyncBenchmark(options: {
  articles: KnowledgeArticle[];
  modelsDir?: string;
  changes?: number;
  progress: (line: string) => void;
}) {
  const { progress } = options;
  const stack = await startTestStack('bl-kb-sync-bench');
  const installs: Installed[] = [];
  let waiter: (() => void) | undefined;
  try {
    const token = await createEnrollmentToken(stack.core, { edgeId: 'north', labels: { region: 'north' } });
    const edge = await startEdgeProcess(stack.core, {
      name: 'north',
      natsUrl: stack.nats.url,
      dataDir: join(stack.dir, 'edge'),
      token,
      env: options.modelsDir ? { BRANCHLINE_EDGE_MODELS: options.modelsDir } : {},
      onLine: (line) => {
        if (!line.includes('knowledge snapshot installed')) return;
        const entry = JSON.parse(line) as Omit<Installed, 'at'>;
        installs.push({ ...entry, at: performance.now() });
        waiter?.();
      },
    });
    const installed = async (test: (i: Installed) => boolean, timeoutMs = 120_000): Promise<Installed> => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = installs.find(test);
        if (found) return found;
        if (performance.now() > deadline) throw new Error('the edge did not install the snapshot in time');
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 500);
        });
      }
    };
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${stack.core.adminToken()}`,
    };
    const send = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${stack.core.url}${path}`, {
        method,
        headers,
        body: JSON.stringify(body),
      });
      if (!response.ok)
        throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
    };

    // Import in batches under the core's body limit, as `branchline kb import` does.
    const inputs = options.articles.map(({ version: _version, ...input }) => input);
    const started = performance.now();
    let batch: unknown[] = [];
    let size = 2;
    let sent = 0;
    for (const article of inputs) {
      const bytes = Buffer.byteLength(JSON.stringify(article)) + 1;
      if (batch.length > 0 && size + bytes > batchBytes) {
        await send('POST', '/v1/knowledge/import', batch);
        sent += batch.length;
        batch = [];
        size = 2;
      }
      batch.push(article);
      size += bytes;
    }
    if (batch.length > 0) await send('POST', '/v1/knowledge/import', batch);
    sent += batch.length;
    const imported = performance.now();
    progress(`sync: imported ${sent} articles into the core in ${round(imported - started)} ms`);
    const first = await installed((i) => i.articles === inputs.length);
    const initialMs = first.at - imported;
    progress(
      `sync: the edge installed all ${first.articles} articles ${round(initialMs)} ms after the import (edge: ${first.ms} ms)`,
    );

    // One edited article means a new snapshot of all of them on the edge.
    const changes: { totalMs: number; edgeMs: number }[] = [];
    const edited = inputs[0];
    for (let n = 1; edited && n <= (options.changes ?? 5); n++) {
      const before = installs.length;
      const put = performance.now();
      await send('PUT', `/v1/knowledge/articles/${encodeURIComponent(edited.id)}`, {
        ...edited,
        body: `${edited.body}\n\nRevision ${n}.`,
      });
      const done = await installed((i) => installs.indexOf(i) >= before && i.articles === inputs.length);
      changes.push({ totalMs: done.at - put, edgeMs: done.ms });
      progress(`sync: change ${n} on the edge after ${round(done.at - put)} ms (edge: ${done.ms} ms)`);
    }
    await edge.stop();
    const sorted = changes.map((c) => c.totalMs).sort((a, b) => a - b);
    return {
      articles: inputs.length,
      snapshotBytes: first.bytes,
      importMs: round(imported - started),
      initialSyncMs: round(initialMs),
      changeSyncMs: {
        runs: changes.length,
        p50: round(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0),
        max: round(sorted[sorted.length - 1] ?? 0),
      },
      edgeFetchAndInstallMs: {
        p50: round(
          changes.map((c) => c.edgeMs).sort((a, b) => a - b)[Math.floor((changes.length - 1) / 2)] ?? 0,
        ),
      },
    };
  } finally {
    await stack.stop();
  }
}

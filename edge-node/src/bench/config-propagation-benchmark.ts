import { performance } from 'node:perf_hooks';
import { bundleKey, closeNats, connectNats, createLogger, edgeConfigBucket } from '@branchline/shared';
import { startTestStack } from '@branchline/shared/process';
import { Kvm } from '@nats-io/kv';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * How long a configuration bundle takes to reach a fleet: a real nats-server and core, and
 * `edges` simulated edges, each an enrolled record in the core's registry and a KV watch on its
 * own `<edgeId>.bundle` key, as an edge holds. Measured from the deploy request to each watch
 * seeing the new bundle, over several deploys.
 */
export async function runConfigPropagationBenchmark(options: {
  edges?: number;
  rounds?: number;
  progress: (line: string) => void;
}) {
  const count = options.edges ?? 200;
  const rounds = options.rounds ?? 5;
  const { progress } = options;
  const stack = await startTestStack('bl-config-bench');
  const log = createLogger('config-bench', { level: 'silent' });
  // Edges share connections as branches share nothing; 10 connections of 20 watches each.
  const connections = await Promise.all(
    Array.from({ length: 10 }, (_, i) => connectNats(stack.nats.url, `bench-edges-${i}`, log)),
  );
  try {
    const registry = await new Kvm(connections[0] as never).open('bl_fleet_edges');
    const ids = Array.from({ length: count }, (_, i) => `sim-${String(i).padStart(3, '0')}`);
    const now = new Date().toISOString();
    for (const id of ids) {
      await registry.put(
        id,
        JSON.stringify({
          id,
          name: id,
          labels: { region: 'bench' },
          enrolledAt: now,
          certificateSerial: '00',
          certificateExpiresAt: now,
        }),
      );
    }
    const seen = new Map<string, (version: string) => void>();
    const watchers = await Promise.all(
      ids.map(async (id, i) => {
        const kv = await new Kvm(connections[i % connections.length] as never).open(edgeConfigBucket);
        const watcher = await kv.watch({ key: bundleKey(id) });
        void (async () => {
          for await (const entry of watcher) {
            if (entry.operation !== 'PUT') continue;
            seen.get(id)?.((entry.json() as { version: string }).version);
          }
        })();
        return watcher;
      }),
    );
    progress(`propagation: ${count} simulated edges watching their keys`);
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${stack.core.adminToken()}`,
    };
    const latencies: number[] = [];
    const wholeFleet: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const version = `bench-${round}`;
      await fetch(`${stack.core.url}/v1/config/bundles/${version}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ description: `round ${round}` }),
      });
      const arrivals = ids.map(
        (id) =>
          new Promise<number>((resolve) => {
            seen.set(id, (v) => {
              if (v === version) resolve(performance.now());
            });
          }),
      );
      const started = performance.now();
      const response = await fetch(`${stack.core.url}/v1/config/deploy`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ version, selector: 'region=bench' }),
      });
      if (!response.ok) throw new Error(`deploy: HTTP ${response.status} ${await response.text()}`);
      const times = (await Promise.all(arrivals)).map((t) => t - started);
      latencies.push(...times);
      wholeFleet.push(Math.max(...times));
      progress(`propagation: round ${round}, all ${count} edges after ${Math.round(Math.max(...times))} ms`);
    }
    for (const watcher of watchers) watcher.stop();
    latencies.sort((a, b) => a - b);
    return {
      edges: count,
      rounds,
      perEdgeMs: {
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies[latencies.length - 1] ?? 0),
      },
      wholeFleetMs: {
        p50: round(
          percentile(
            [...wholeFleet].sort((a, b) => a - b),
            50,
          ),
        ),
        max: round(Math.max(...wholeFleet)),
      },
    };
  } finally {
    for (const nc of connections) await closeNats(nc);
    await stack.stop();
  }
}

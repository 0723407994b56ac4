import type { FleetEdgeWithDrift } from '../fleet/index.js';
import type { ApiClient } from './api-client.js';

export interface Output {
  out(text: string): void;
}

export async function createToken(
  api: ApiClient,
  io: Output,
  options: { edge: string; name?: string; labels?: string; ttlSeconds?: number; json: boolean },
): Promise<void> {
  const created = await api.post<{ token: string; edgeId: string; expiresAt: string }>(
    '/v1/fleet/enrollment-tokens',
    {
      edgeId: options.edge,
      ...(options.name ? { name: options.name } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {}),
    },
  );
  if (options.json) return io.out(JSON.stringify(created));
  io.out(
    [
      `Enrollment token for edge "${created.edgeId}" (works once, until ${created.expiresAt}):`,
      '',
      `  ${created.token}`,
      '',
      'Start the edge with:',
      `  BRANCHLINE_ENROLL_TOKEN=${created.token} node edge-node/dist/main.js`,
    ].join('\n'),
  );
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function listEdges(api: ApiClient, io: Output, options: { json: boolean }): Promise<void> {
  const { edges } = await api.get<{ edges: FleetEdgeWithDrift[] }>('/v1/fleet/edges');
  if (options.json) return io.out(JSON.stringify(edges, null, 2));
  if (edges.length === 0)
    return io.out('No edges enrolled yet. Create a token with `branchline token create --edge <id>`.');
  const rows = [['ID', 'NAME', 'STATUS', 'VERSION', 'CONFIG', 'LAST HEARTBEAT', 'EVENTS', 'LABELS']];
  for (const e of edges) {
    const labels = Object.entries(e.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    rows.push([
      e.id,
      e.name,
      e.status,
      e.version,
      e.configVersion || 'defaults',
      e.lastHeartbeatAt ?? '-',
      String(e.eventsReceived),
      labels,
    ]);
  }
  io.out(table(rows));
  const drifting = edges.filter((e) => e.drift.length > 0);
  if (drifting.length > 0)
    io.out(['', 'Drift:', ...drifting.flatMap((e) => e.drift.map((d) => `  ${e.id}: ${d}`))].join('\n'));
}

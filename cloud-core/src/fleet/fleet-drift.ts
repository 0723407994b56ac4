import { bundleKey } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import type { FleetEdge } from './fleet-view.js';

export interface FleetEdgeWithDrift extends FleetEdge {
  /** The bundle version the edge was assigned, or null when it was never assigned one. */
  assignedConfigVersion: string | null;
  /** Why this edge is not what the fleet expects; empty when it is. */
  drift: string[];
}

async function assignedVersion(edgeConfig: KV, edgeId: string): Promise<string | null> {
  const entry = await edgeConfig.get(bundleKey(edgeId));
  if (entry?.operation !== 'PUT') return null;
  try {
    const version = (entry.json() as { version?: unknown }).version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/** The version most edges that report one run; a tie goes to the newest-looking (sorted last). */
function commonVersion(edges: FleetEdge[]): string | undefined {
  const counts = new Map<string, number>();
  for (const e of edges) if (e.version) counts.set(e.version, (counts.get(e.version) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0];
}

/**
 * Drift: an edge that runs another configuration than the one it was assigned (it refused it, or
 * has not applied it yet), or another software version than most of the fleet.
 */
export async function withDrift(edges: FleetEdge[], edgeConfig: KV): Promise<FleetEdgeWithDrift[]> {
  const assigned = await Promise.all(edges.map((e) => assignedVersion(edgeConfig, e.id)));
  const common = commonVersion(edges);
  return edges.map((edge, i) => {
    const wanted = assigned[i] ?? null;
    const drift: string[] = [];
    if (wanted !== null && edge.configVersion !== wanted)
      drift.push(`runs config ${edge.configVersion || 'defaults'}, assigned ${wanted}`);
    if (common && edge.version && edge.version !== common)
      drift.push(`runs ${edge.version}, most of the fleet runs ${common}`);
    return { ...edge, assignedConfigVersion: wanted, drift };
  });
}

import type { JetStreamManager } from '@nats-io/jetstream';
import type { EdgeLoadRecord, EdgeRegistry } from './edge-registry.js';
import { eventCountsByEdge } from './event-counts.js';

export type EdgeStatus = 'online' | 'stale' | 'offline';

export interface FleetEdge {
  id: string;
  name: string;
  labels: Record<string, string>;
  version: string;
  configVersion: string;
  status: EdgeStatus;
  lastHeartbeatAt: string | null;
  enrolledAt: string;
  eventsReceived: number;
  outboxBacklog: number;
  load: EdgeLoadRecord | null;
}

/** Online within three heartbeats, stale within twelve, offline after (or never seen). */
export function edgeStatus(lastHeartbeatAt: string | undefined, intervalMs: number, now: number): EdgeStatus {
  if (!lastHeartbeatAt) return 'offline';
  const age = now - Date.parse(lastHeartbeatAt);
  if (age <= 3 * intervalMs) return 'online';
  if (age <= 12 * intervalMs) return 'stale';
  return 'offline';
}

export async function listFleet(
  edges: EdgeRegistry,
  jsm: JetStreamManager,
  intervalMs: number,
  now = Date.now(),
): Promise<FleetEdge[]> {
  const [records, counts] = await Promise.all([edges.list(), eventCountsByEdge(jsm)]);
  return records.map((r) => ({
    id: r.id,
    name: r.name,
    labels: r.labels,
    version: r.version,
    configVersion: r.configVersion,
    status: edgeStatus(r.lastHeartbeatAt, intervalMs, now),
    lastHeartbeatAt: r.lastHeartbeatAt ?? null,
    enrolledAt: r.enrolledAt,
    eventsReceived: counts.get(r.id) ?? 0,
    outboxBacklog: r.outboxBacklog,
    load: r.load ?? null,
  }));
}

import type { KV } from '@nats-io/kv';
import { z } from 'zod';

const loadSchema = z.object({
  activeConversations: z.number(),
  waitingForAgent: z.number(),
  aiUtilization: z.number(),
  cpu: z.number(),
});

const edgeRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  enrolledAt: z.string(),
  certificateSerial: z.string(),
  certificateExpiresAt: z.string(),
  version: z.string().default(''),
  configVersion: z.string().default(''),
  lastHeartbeatAt: z.string().optional(),
  startedAt: z.string().optional(),
  outboxBacklog: z.number().default(0),
  load: loadSchema.optional(),
});

export type EdgeRecord = z.infer<typeof edgeRecordSchema>;
export type EdgeLoadRecord = z.infer<typeof loadSchema>;

/** Enrolled edges, one KV key per edge id, shared by all core replicas. */
export class EdgeRegistry {
  constructor(private readonly kv: KV) {}

  async get(id: string): Promise<EdgeRecord | undefined> {
    const entry = await this.kv.get(id);
    if (entry?.operation !== 'PUT') return undefined;
    return edgeRecordSchema.parse(entry.json());
  }

  async put(record: EdgeRecord): Promise<void> {
    await this.kv.put(record.id, JSON.stringify(record));
  }

  async list(): Promise<EdgeRecord[]> {
    // The key lister walks the bucket's messages: a key updated while it walks (a heartbeat) can
    // come twice, and an edge listed twice would be two canaries in a rollout.
    const keys = new Set<string>();
    for await (const key of await this.kv.keys()) keys.add(key);
    const records = await Promise.all([...keys].map((key) => this.get(key)));
    return records.filter((r): r is EdgeRecord => r !== undefined).sort((a, b) => a.id.localeCompare(b.id));
  }
}

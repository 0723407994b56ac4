import type { JetStreamManager } from '@nats-io/jetstream';
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

/** The KV bucket of enrolled edges (key = edge id). */
export const edgesBucket = 'bl_fleet_edges';

/** Enrolled edges, one KV key per edge id, shared by all core replicas. */
export class EdgeRegistry {
  constructor(
    private readonly kv: KV,
    /** Lists the keys from the stream's subjects: see `list`. */
    private readonly jsm?: JetStreamManager,
  ) {}

  async get(id: string): Promise<EdgeRecord | undefined> {
    const entry = await this.kv.get(id);
    if (entry?.operation !== 'PUT') return undefined;
    return edgeRecordSchema.parse(entry.json());
  }

  async put(record: EdgeRecord): Promise<void> {
    await this.kv.put(record.id, JSON.stringify(record));
  }

  async list(): Promise<EdgeRecord[]> {
    const keys = new Set<string>();
    if (this.jsm) {
      // One request for the stream's subjects. The KV key lister walks the bucket with a consumer
      // that ends only when it has caught up, and heartbeats keep adding to this bucket: on a busy
      // machine it may not catch up for a long time.
      const prefix = `$KV.${edgesBucket}.`;
      const info = await this.jsm.streams.info(`KV_${edgesBucket}`, { subjects_filter: `${prefix}>` });
      for (const subject of Object.keys(info.state.subjects ?? {})) keys.add(subject.slice(prefix.length));
    } else {
      // A key updated while the lister walks (a heartbeat) can come twice: the set keeps it once.
      for await (const key of await this.kv.keys()) keys.add(key);
    }
    const records = await Promise.all([...keys].map((key) => this.get(key)));
    return records.filter((r): r is EdgeRecord => r !== undefined).sort((a, b) => a.id.localeCompare(b.id));
  }
}

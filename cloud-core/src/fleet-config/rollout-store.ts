import type { KV } from '@nats-io/kv';
import type { Rollout } from './rollout.js';

/** Rollouts in NATS KV; updates compare the revision so two core replicas never both advance one. */
export class RolloutStore {
  constructor(private readonly kv: KV) {}

  async create(rollout: Rollout): Promise<void> {
    await this.kv.create(rollout.id, JSON.stringify(rollout));
  }

  async get(id: string): Promise<{ rollout: Rollout; revision: number } | undefined> {
    const entry = await this.kv.get(id);
    if (entry?.operation !== 'PUT') return undefined;
    return { rollout: entry.json<Rollout>(), revision: entry.revision };
  }

  /** False when another replica changed it first. */
  async update(rollout: Rollout, revision: number): Promise<boolean> {
    try {
      await this.kv.update(rollout.id, JSON.stringify(rollout), revision);
      return true;
    } catch {
      return false;
    }
  }

  async list(): Promise<Rollout[]> {
    // A rollout advanced while the lister walks the bucket can come twice.
    const keys = new Set<string>();
    for await (const key of await this.kv.keys()) keys.add(key);
    const out: Rollout[] = [];
    for (const key of keys) {
      const found = await this.get(key);
      if (found) out.push(found.rollout);
    }
    return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }
}

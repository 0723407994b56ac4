import { BranchlineError, type ConfigBundle, configBundleSchema } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import { canonicalJson } from '../knowledge/canonical-json.js';

export interface StoredBundle {
  bundle: ConfigBundle;
  storedAt: Date;
}

/**
 * Configuration bundles in NATS KV, one key per version. A version is immutable once stored:
 * what an edge reports running must mean one thing; a change is a new version.
 */
export class BundleStore {
  constructor(private readonly kv: KV) {}

  /** Checks and stores a bundle; storing the same content again is a no-op. */
  async put(input: unknown): Promise<{ bundle: ConfigBundle; created: boolean }> {
    const parsed = configBundleSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BranchlineError(
        'invalid_argument',
        `${issue?.path.join('.') || 'bundle'}: ${issue?.message}`,
      );
    }
    const bundle = parsed.data;
    const existing = await this.get(bundle.version);
    if (existing) {
      if (canonicalJson(existing.bundle) === canonicalJson(bundle)) return { bundle, created: false };
      throw new BranchlineError(
        'already_exists',
        `bundle ${bundle.version} exists with other content; give the change a new version`,
      );
    }
    await this.kv.create(bundle.version, canonicalJson(bundle));
    return { bundle, created: true };
  }

  async get(version: string): Promise<StoredBundle | undefined> {
    const entry = await this.kv.get(version);
    if (entry?.operation !== 'PUT') return undefined;
    return { bundle: configBundleSchema.parse(entry.json()), storedAt: entry.created };
  }

  async list(): Promise<StoredBundle[]> {
    // A key updated while the lister walks the bucket can come twice.
    const keys = new Set<string>();
    for await (const key of await this.kv.keys()) keys.add(key);
    const out: StoredBundle[] = [];
    for (const key of keys) {
      const stored = await this.get(key);
      if (stored) out.push(stored);
    }
    return out.sort((a, b) => a.storedAt.getTime() - b.storedAt.getTime());
  }
}

import {
  type ConfigBundle,
  configBundleSchema,
  defaultRoutingPolicy,
  type RoutingPolicy,
} from '@branchline/shared';
import { eq } from 'drizzle-orm';
import type { EdgeDatabase } from '../db/index.js';
import { edgeConfig } from '../db/schema.js';

/**
 * The bundle this edge runs. Swapped whole: readers call `routing()` and friends per turn, so a
 * turn sees the old bundle or the new one, never a mix. Kept in SQLite, so a restart runs the
 * last good bundle even when the core is out of reach.
 */
export class ActiveConfig {
  private bundle: ConfigBundle | null;

  constructor(private readonly db: EdgeDatabase) {
    const row = db.select().from(edgeConfig).where(eq(edgeConfig.key, 'bundle')).get();
    const parsed = row ? configBundleSchema.safeParse(JSON.parse(row.bundle)) : undefined;
    this.bundle = parsed?.success ? parsed.data : null;
  }

  /** The version running, or '' before the first bundle. */
  version(): string {
    return this.bundle?.version ?? '';
  }

  current(): ConfigBundle | null {
    return this.bundle;
  }

  routing(): RoutingPolicy {
    return this.bundle?.routing ?? defaultRoutingPolicy;
  }

  apply(bundle: ConfigBundle, now = new Date()): void {
    const row = { key: 'bundle', version: bundle.version, bundle: JSON.stringify(bundle), appliedAt: now };
    this.db
      .insert(edgeConfig)
      .values(row)
      .onConflictDoUpdate({
        target: edgeConfig.key,
        set: { version: row.version, bundle: row.bundle, appliedAt: now },
      })
      .run();
    this.bundle = bundle;
  }
}

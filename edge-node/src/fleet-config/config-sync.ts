import { bundleKey, configBundleSchema, type Logger } from '@branchline/shared';
import type { NatsConnection } from '@nats-io/transport-node';
import { watchEdgeKey } from '../core-link/index.js';
import type { Outbox } from '../outbox/index.js';
import type { ActiveConfig } from './active-config.js';

export interface ConfigSyncDeps {
  nc: NatsConnection;
  edgeId: string;
  active: ActiveConfig;
  /** Model task -> sha256 this edge runs; a bundle naming other models cannot run here. */
  models(): Record<string, string>;
  outbox: Outbox;
  log: Logger;
}

/** Why this edge cannot run a bundle that is valid on its face, or undefined when it can. */
function cannotRun(
  bundle: { models: Record<string, string> },
  models: Record<string, string>,
): string | undefined {
  for (const [task, sha256] of Object.entries(bundle.models)) {
    if (models[task] !== sha256)
      return `models.${task}: ${sha256.slice(0, 12)} is not installed on this edge (it runs ${models[task]?.slice(0, 12) ?? 'none'})`;
  }
  return undefined;
}

/**
 * Runs the bundle the core assigns this edge (`<edgeId>.bundle` in KV): checks it, swaps it in
 * whole and reports the version; a bundle that does not parse or cannot run here is refused with
 * the reason, and the last good one keeps running.
 */
export function startConfigSync(deps: ConfigSyncDeps): { stop(): Promise<void> } {
  const abort = new AbortController();
  const key = bundleKey(deps.edgeId);

  const consider = (raw: Uint8Array, revision: number) => {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return refuse(undefined, 'bundle is not JSON', revision);
    }
    const version = (value as { version?: unknown })?.version;
    const named = typeof version === 'string' ? version : undefined;
    const parsed = configBundleSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(named, `${issue?.path.join('.') || 'bundle'}: ${issue?.message ?? 'invalid'}`, revision);
    }
    if (parsed.data.version === deps.active.version()) return;
    const problem = cannotRun(parsed.data, deps.models());
    if (problem) return refuse(named, problem, revision);
    const previous = deps.active.version();
    deps.active.apply(parsed.data);
    deps.outbox.append({
      type: 'config.applied',
      data: { version: parsed.data.version, previous, revision },
    });
    deps.log.info({ version: parsed.data.version, previous }, 'configuration bundle applied');
  };

  const refuse = (version: string | undefined, reason: string, revision: number) => {
    deps.outbox.append({
      type: 'config.refused',
      data: { version: version ?? null, reason, running: deps.active.version(), revision },
    });
    deps.log.warn({ version, reason, running: deps.active.version() }, 'configuration bundle refused');
  };

  const running = watchEdgeKey(deps.nc, key, consider, abort.signal, deps.log);
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}

import { BranchlineError, bundleKey } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import type { EdgeRegistry } from '../fleet/index.js';
import { canonicalJson } from '../knowledge/canonical-json.js';
import type { BundleStore } from './bundle-store.js';
import { type LabelSelector, matches } from './label-selector.js';

/**
 * Assigns a stored bundle to every enrolled edge its selector matches, by writing the edge's
 * `<edgeId>.bundle` key; each edge checks and applies it on its own and reports back. This is the
 * step a staged rollout takes for its canaries and then for the rest.
 */
export async function deployBundle(
  deps: { bundles: BundleStore; edges: EdgeRegistry; edgeConfig: KV },
  version: string,
  selector: LabelSelector,
  only?: ReadonlySet<string>,
): Promise<string[]> {
  const stored = await deps.bundles.get(version);
  if (!stored) throw new BranchlineError('not_found', `no bundle ${version}`);
  const value = canonicalJson(stored.bundle);
  const targets = (await deps.edges.list()).filter(
    (edge) => matches(selector, edge.labels) && (!only || only.has(edge.id)),
  );
  // Writes in parallel, a few dozen at a time: one after another, 200 edges wait on 200 round trips.
  for (let i = 0; i < targets.length; i += 32) {
    await Promise.all(targets.slice(i, i + 32).map((edge) => deps.edgeConfig.put(bundleKey(edge.id), value)));
  }
  return targets.map((edge) => edge.id).sort();
}

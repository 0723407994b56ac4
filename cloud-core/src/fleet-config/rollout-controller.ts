import { randomUUID } from 'node:crypto';
import { BranchlineError, type Logger } from '@branchline/shared';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { EdgeRegistry } from '../fleet/index.js';
import type { BundleStore } from './bundle-store.js';
import { deployBundle } from './deploy-bundle.js';
import { type HealthStats, healthOf } from './edge-health.js';
import { matches, parseSelector } from './label-selector.js';
import { type Rollout, rolloutRequestSchema } from './rollout.js';
import type { RolloutStore } from './rollout-store.js';

/** The shipped defaults as a bundle, so "roll back" has somewhere to go for an edge that had none. */
export const defaultBundleVersion = 'default';

export interface RolloutDeps {
  bundles: BundleStore;
  edges: EdgeRegistry;
  edgeConfig: KV;
  rollouts: RolloutStore;
  js: JetStreamClient;
  jsm: JetStreamManager;
  log: Logger;
}

const rate = (s: HealthStats) => ({ handoff: s.handoffRate, error: s.errorRate });

/** Starts a staged rollout: the canaries get the bundle now, the rest once the canaries stay healthy. */
export async function startRollout(deps: RolloutDeps, input: unknown): Promise<Rollout> {
  const parsed = rolloutRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BranchlineError('invalid_argument', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  const request = parsed.data;
  if (!(await deps.bundles.get(request.version)))
    throw new BranchlineError('not_found', `no bundle ${request.version}`);
  const selector = parseSelector(request.selector);
  const targets = (await deps.edges.list())
    .filter((edge) => matches(selector, edge.labels))
    .sort((a, b) => a.id.localeCompare(b.id));
  if (targets.length === 0)
    throw new BranchlineError('failed_precondition', 'no enrolled edge matches the selector');
  const busy = (await deps.rollouts.list()).find(
    (r) => r.phase === 'canary' && [...r.canaries, ...r.rest].some((id) => targets.some((t) => t.id === id)),
  );
  if (busy)
    throw new BranchlineError('failed_precondition', `rollout ${busy.id} is still running on these edges`);
  const canaryCount = Math.max(1, Math.ceil(request.canaryShare * targets.length));
  const rollout: Rollout = {
    ...request,
    id: `ro_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`,
    phase: 'canary',
    canaries: targets.slice(0, canaryCount).map((t) => t.id),
    rest: targets.slice(canaryCount).map((t) => t.id),
    previous: Object.fromEntries(targets.map((t) => [t.id, t.configVersion])),
    startedAt: new Date().toISOString(),
    finishedAt: null,
    reason: null,
    health: null,
  };
  await deps.rollouts.create(rollout);
  await deployBundle(deps, rollout.version, {}, new Set(rollout.canaries));
  deps.log.info(
    { rollout: rollout.id, version: rollout.version, canaries: rollout.canaries },
    'rollout started',
  );
  return rollout;
}

/** Puts the edges back on what they ran before the rollout. */
async function rollBack(deps: RolloutDeps, rollout: Rollout, edgeIds: readonly string[]): Promise<void> {
  for (const edgeId of edgeIds) {
    const version = rollout.previous[edgeId] || defaultBundleVersion;
    await deployBundle(deps, version, {}, new Set([edgeId]));
  }
}

/**
 * One step of a running rollout, judged from the events: a canary that refused the bundle stops
 * it; canaries handing off (or failing) clearly more than the rest roll it back; canaries that ran
 * it for the wait without that let it go to every targeted edge.
 */
export async function advanceRollout(
  deps: RolloutDeps,
  id: string,
  now = new Date(),
): Promise<Rollout | undefined> {
  const found = await deps.rollouts.get(id);
  if (found?.rollout.phase !== 'canary') return found?.rollout;
  const rollout = found.rollout;
  const since = new Date(rollout.startedAt);
  const canary = await healthOf(deps, rollout.canaries, since);
  // The edges still on the old version over the same time are the yardstick (a sample of them).
  const baseline = await healthOf(deps, rollout.rest.slice(0, 5), since);
  const next: Rollout = { ...rollout, health: { canary, baseline, at: now.toISOString() } };
  const refusal = canary.refusals.find((r) => r.version === rollout.version);
  const c = rate(canary);
  const b = rate(baseline);
  if (refusal) {
    next.phase = 'stopped';
    next.reason = `${refusal.edgeId} refused ${rollout.version}: ${refusal.reason}`;
  } else if (
    canary.turns >= rollout.minTurns &&
    (c.handoff - b.handoff > rollout.maxHandoffRateIncrease ||
      c.error - b.error > rollout.maxErrorRateIncrease)
  ) {
    await rollBack(deps, rollout, rollout.canaries);
    next.phase = 'rolled_back';
    next.reason = `canary hand-off rate ${c.handoff.toFixed(2)} vs ${b.handoff.toFixed(2)}, error rate ${c.error.toFixed(2)} vs ${b.error.toFixed(2)}`;
  } else if (now.getTime() - since.getTime() >= rollout.waitSeconds * 1000) {
    const records = await Promise.all(rollout.canaries.map((edgeId) => deps.edges.get(edgeId)));
    if (records.every((r) => r?.configVersion === rollout.version)) {
      await deployBundle(deps, rollout.version, {}, new Set(rollout.rest));
      next.phase = 'complete';
      next.reason = `canaries healthy for ${rollout.waitSeconds} s (${canary.turns} turns)`;
    }
  }
  if (next.phase !== 'canary') next.finishedAt = now.toISOString();
  if (!(await deps.rollouts.update(next, found.revision))) return (await deps.rollouts.get(id))?.rollout;
  if (next.phase !== 'canary')
    deps.log.info({ rollout: id, phase: next.phase, reason: next.reason }, 'rollout finished');
  return next;
}

/** An operator's rollback: every edge the rollout reached goes back to what it ran before. */
export async function rollBackRollout(deps: RolloutDeps, id: string): Promise<Rollout> {
  const found = await deps.rollouts.get(id);
  if (!found) throw new BranchlineError('not_found', `no rollout ${id}`);
  const rollout = found.rollout;
  if (rollout.phase === 'rolled_back') return rollout;
  const reached = rollout.phase === 'complete' ? [...rollout.canaries, ...rollout.rest] : rollout.canaries;
  await rollBack(deps, rollout, reached);
  const next: Rollout = {
    ...rollout,
    phase: 'rolled_back',
    reason: 'rolled back by an operator',
    finishedAt: new Date().toISOString(),
  };
  if (!(await deps.rollouts.update(next, found.revision)))
    throw new BranchlineError('failed_precondition', `rollout ${id} changed meanwhile; try again`);
  return next;
}

/** Advances every running rollout every `tickMs`; any core replica may run it (updates are compare-and-set). */
export function startRolloutController(deps: RolloutDeps, tickMs = 2000): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const tick = () => {
    // A slow step (event reads) must not stack up ticks behind it.
    if (busy) return;
    busy = true;
    running = (async () => {
      for (const rollout of await deps.rollouts.list()) {
        if (stopped || rollout.phase !== 'canary') continue;
        await advanceRollout(deps, rollout.id).catch((error: unknown) =>
          deps.log.error({ err: error, rollout: rollout.id }, 'rollout step failed'),
        );
      }
    })()
      .catch((error: unknown) => deps.log.error({ err: error }, 'rollouts not readable'))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, tickMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

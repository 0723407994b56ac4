import { readFile } from 'node:fs/promises';
import { BranchlineError } from '@branchline/shared';
import type { ApiClient } from './api-client.js';
import type { Output } from './commands.js';

interface RolloutView {
  id: string;
  version: string;
  selector: string;
  phase: string;
  canaries: string[];
  rest: string[];
  startedAt: string;
  reason: string | null;
  health: {
    canary: { turns: number; handoffRate: number };
    baseline: { turns: number; handoffRate: number };
  } | null;
}

const table = (rows: string[][]) => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

/** `branchline config push FILE`: stores a bundle (JSON) under the version it names. */
export async function pushBundle(api: ApiClient, io: Output, options: { file: string; json: boolean }) {
  let bundle: { version?: unknown };
  try {
    bundle = JSON.parse(await readFile(options.file, 'utf8')) as { version?: unknown };
  } catch (error) {
    throw new BranchlineError('invalid_argument', `${options.file}: ${(error as Error).message}`);
  }
  if (typeof bundle.version !== 'string' || bundle.version === '')
    throw new BranchlineError('invalid_argument', `${options.file}: "version" is missing`);
  const stored = await api.put<{ version: string }>(
    `/v1/config/bundles/${encodeURIComponent(bundle.version)}`,
    bundle,
  );
  io.out(options.json ? JSON.stringify(stored) : `stored bundle ${stored.version}`);
}

export async function listBundles(api: ApiClient, io: Output, options: { json: boolean }) {
  const { bundles } = await api.get<{
    bundles: { version: string; description: string; storedAt: string }[];
  }>('/v1/config/bundles');
  if (options.json) return io.out(JSON.stringify(bundles, null, 2));
  io.out(
    table([
      ['VERSION', 'STORED', 'DESCRIPTION'],
      ...bundles.map((b) => [b.version, b.storedAt, b.description]),
    ]),
  );
}

export async function startRolloutCommand(
  api: ApiClient,
  io: Output,
  options: { version: string; selector: string; canary?: string; wait?: string; json: boolean },
) {
  const body: Record<string, unknown> = { version: options.version, selector: options.selector };
  if (options.canary !== undefined) body.canaryShare = Number(options.canary);
  if (options.wait !== undefined) body.waitSeconds = Number(options.wait);
  const rollout = await api.post<RolloutView>('/v1/config/rollouts', body);
  if (options.json) return io.out(JSON.stringify(rollout, null, 2));
  io.out(
    `rollout ${rollout.id}: ${rollout.version} to ${rollout.canaries.join(', ')} first, then ${rollout.rest.length} more edge(s)`,
  );
}

export async function listRollouts(api: ApiClient, io: Output, options: { json: boolean }) {
  const { rollouts } = await api.get<{ rollouts: RolloutView[] }>('/v1/config/rollouts');
  if (options.json) return io.out(JSON.stringify(rollouts, null, 2));
  if (rollouts.length === 0)
    return io.out('No rollouts yet. Start one with `branchline rollout start VERSION`.');
  io.out(
    table([
      ['ID', 'VERSION', 'SELECTOR', 'PHASE', 'CANARIES', 'CANARY HANDOFF', 'BASELINE', 'REASON'],
      ...rollouts.map((r) => [
        r.id,
        r.version,
        r.selector || '*',
        r.phase,
        r.canaries.join(','),
        r.health ? `${r.health.canary.handoffRate.toFixed(2)} (${r.health.canary.turns})` : '-',
        r.health ? `${r.health.baseline.handoffRate.toFixed(2)} (${r.health.baseline.turns})` : '-',
        r.reason ?? '',
      ]),
    ]),
  );
}

export async function rollBackCommand(api: ApiClient, io: Output, options: { id: string; json: boolean }) {
  const rollout = await api.post<RolloutView>(
    `/v1/config/rollouts/${encodeURIComponent(options.id)}/rollback`,
    {},
  );
  io.out(options.json ? JSON.stringify(rollout, null, 2) : `rollout ${rollout.id}: ${rollout.phase}`);
}

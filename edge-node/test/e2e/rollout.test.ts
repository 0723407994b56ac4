import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, startTestStack, type TestStack } from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../support/events.js';
import { coreCall, type EdgeProcess, startRegionEdges } from '../support/fleet.js';

/**
 * Staged rollouts with real NATS and three edges: a canary first, then the rest of the selector;
 * a bundle the canary refuses stops the rollout; a canary whose hand-off rate jumps is rolled back
 * by the core on its own.
 */
let stack: TestStack;
const edges = new Map<string, EdgeProcess>();

interface Rollout {
  id: string;
  phase: string;
  canaries: string[];
  rest: string[];
  reason: string | null;
}

/** The operator CLI against this stack's core. */
async function branchline(...args: string[]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'cloud-core/bin/branchline.js'), ...args],
    {
      env: {
        ...process.env,
        BRANCHLINE_CORE_URL: stack.core.url,
        BRANCHLINE_ADMIN_TOKEN: stack.core.adminToken(),
      },
    },
  );
  return stdout;
}

const core = (method: string, path: string, body?: unknown) => coreCall(stack, method, path, body);

const versionOf = async (id: string) =>
  (
    (await (await fetch(`http://127.0.0.1:${edges.get(id)?.ready.http}/v1/status`)).json()) as {
      configVersion: string;
    }
  ).configVersion;

async function versions() {
  return Object.fromEntries(
    await Promise.all([...edges.keys()].map(async (id) => [id, await versionOf(id)])),
  );
}

async function rollout(id: string): Promise<Rollout> {
  return (await core('GET', `/v1/config/rollouts/${id}`)).body as unknown as Rollout;
}

async function say(edgeId: string, text: string, times: number) {
  const base = `http://127.0.0.1:${edges.get(edgeId)?.ready.http}`;
  for (let i = 0; i < times; i++) {
    const created = (await (
      await fetch(`${base}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'en' }),
      })
    ).json()) as { id: string };
    await fetch(`${base}/v1/conversations/${created.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
  }
}

beforeAll(async () => {
  stack = await startTestStack('bl-rollout', { BRANCHLINE_ROLLOUT_TICK_MS: '300' });
  const started = await startRegionEdges(
    stack,
    [
      ['north-1', 'north'],
      ['north-2', 'north'],
      ['south-1', 'south'],
    ],
    { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'), BRANCHLINE_HEARTBEAT_INTERVAL_MS: '300' },
  );
  for (const [id, edge] of started) edges.set(id, edge);
}, 120_000);

afterAll(async () => {
  for (const edge of edges.values()) await edge.stop();
  await stack?.stop();
});

describe('staged rollout', () => {
  it('reaches a canary, then every north edge, while south keeps its version', {
    timeout: 90_000,
  }, async () => {
    expect((await core('PUT', '/v1/config/bundles/n1', { description: 'north v1' })).status).toBe(201);
    const started = await core('POST', '/v1/config/rollouts', {
      version: 'n1',
      selector: 'region=north',
      canaryShare: 0.5,
      waitSeconds: 3,
      minTurns: 5,
    });
    expect(started.status).toBe(201);
    const { id, canaries, rest } = started.body as unknown as Rollout;
    expect(canaries).toEqual(['north-1']);
    expect(rest).toEqual(['north-2']);
    // First the canary alone.
    await eventually(versions, (v) => v['north-1'] === 'n1', 20_000);
    expect(await versionOf('north-2')).toBe('');
    // Then, healthy after the wait, every north edge; south never.
    const done = await eventually(
      () => rollout(id),
      (r) => r.phase === 'complete',
      30_000,
    );
    expect(done.reason).toContain('healthy');
    const after = await eventually(versions, (v) => v['north-2'] === 'n1', 20_000);
    expect(after).toEqual({ 'north-1': 'n1', 'north-2': 'n1', 'south-1': '' });
  });

  it('stops when the canary refuses the bundle, before it reaches the rest', {
    timeout: 90_000,
  }, async () => {
    const file = join(stack.dir, 'n2-bad.json');
    writeFileSync(file, JSON.stringify({ version: 'n2-bad', models: { sentiment: 'cd'.repeat(32) } }));
    expect(await branchline('config', 'push', file)).toContain('stored bundle n2-bad');
    const started = await core('POST', '/v1/config/rollouts', {
      version: 'n2-bad',
      selector: 'region=north',
      canaryShare: 0.5,
      waitSeconds: 2,
    });
    const { id } = started.body as unknown as Rollout;
    const stopped = await eventually(
      () => rollout(id),
      (r) => r.phase === 'stopped',
      30_000,
    );
    expect(stopped.reason).toContain('north-1 refused n2-bad');
    expect(stopped.reason).toContain('models.sentiment');
    expect(await versions()).toEqual({ 'north-1': 'n1', 'north-2': 'n1', 'south-1': '' });
  });

  it('rolls a canary back by itself when its hand-off rate jumps', { timeout: 120_000 }, async () => {
    // A mistake in the bundle: greetings now go to a person.
    await core('PUT', '/v1/config/bundles/n3', {
      routing: { humanIntents: ['complaint', 'request_human_agent', 'greeting'] },
    });
    const started = await core('POST', '/v1/config/rollouts', {
      version: 'n3',
      selector: 'region=north',
      canaryShare: 0.5,
      waitSeconds: 600,
      minTurns: 4,
    });
    const { id } = started.body as unknown as Rollout;
    await eventually(versions, (v) => v['north-1'] === 'n3', 20_000);
    await say('north-1', 'hello', 5);
    await say('north-2', 'hello', 5);
    const rolledBack = await eventually(
      () => rollout(id),
      (r) => r.phase === 'rolled_back',
      60_000,
    );
    expect(rolledBack.reason).toMatch(/canary hand-off rate 1\.00 vs 0\.00/);
    expect(await branchline('rollout', 'list')).toMatch(
      new RegExp(`${id}\\s+n3\\s+region=north\\s+rolled_back`),
    );
    // The canary is back on what it ran before; the rest never left it.
    expect(await eventually(versions, (v) => v['north-1'] === 'n1', 20_000)).toEqual({
      'north-1': 'n1',
      'north-2': 'n1',
      'south-1': '',
    });
  });
});

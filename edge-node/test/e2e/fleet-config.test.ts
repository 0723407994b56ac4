import { join } from 'node:path';
import { startEdgeProcess, startTestStack, type TestStack } from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, readAllEvents } from '../support/events.js';
import { coreCall, type EdgeProcess, startRegionEdges } from '../support/fleet.js';

/**
 * Configuration bundles through real NATS: stored in the core, deployed by label selector, applied
 * by the edges they target and reported back; a bundle an edge cannot run is refused with the
 * reason while the last good one keeps running.
 */
let stack: TestStack;
const edges = new Map<string, EdgeProcess>();

const edgeUrl = (id: string) => `http://127.0.0.1:${edges.get(id)?.ready.http}`;

const core = (method: string, path: string, body?: unknown) => coreCall(stack, method, path, body);

async function status(id: string) {
  return (await (await fetch(`${edgeUrl(id)}/v1/status`)).json()) as { configVersion: string };
}

async function greet(id: string) {
  const created = (await (
    await fetch(`${edgeUrl(id)}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'en' }),
    })
  ).json()) as { id: string };
  const reply = await fetch(`${edgeUrl(id)}/v1/conversations/${created.id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'hello there' }),
  });
  return ((await reply.json()) as { reply: { text: string } }).reply.text;
}

beforeAll(async () => {
  stack = await startTestStack('bl-fleet-config', { BRANCHLINE_HEARTBEAT_INTERVAL_MS: '500' });
  const started = await startRegionEdges(
    stack,
    [
      ['north-1', 'north'],
      ['south-1', 'south'],
    ],
    { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'), BRANCHLINE_HEARTBEAT_INTERVAL_MS: '500' },
  );
  for (const [id, edge] of started) edges.set(id, edge);
}, 120_000);

afterAll(async () => {
  for (const edge of edges.values()) await edge.stop();
  await stack?.stop();
});

describe('configuration bundles', () => {
  it('applies a bundle on the edges its selector targets, and an edge refuses one it cannot run', async () => {
    const greeting = 'Welcome to the North region! How can I help?';
    const stored = await core('PUT', '/v1/config/bundles/north-2026.11', {
      description: 'northern greeting',
      routing: {
        smallTalk: {
          greeting: { 'zh-CN': '您好，欢迎来到北区网点！', en: greeting },
          thanks_goodbye: { 'zh-CN': '不客气！', en: "You're welcome!" },
        },
      },
    });
    expect(stored.status).toBe(201);
    // Versions are immutable: the same version with other content is refused.
    const changed = await core('PUT', '/v1/config/bundles/north-2026.11', { description: 'other' });
    expect(changed.status).toBe(409);
    const invalid = await core('PUT', '/v1/config/bundles/broken', { capacity: { aiSlots: 0 } });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'invalid_argument' } } });
    expect((invalid.body.error as { message: string }).message).toContain('capacity.aiSlots');

    const deployed = await core('POST', '/v1/config/deploy', {
      version: 'north-2026.11',
      selector: 'region=north',
    });
    expect(deployed.body.edges).toEqual(['north-1']);
    await eventually(
      () => status('north-1'),
      (s) => s.configVersion === 'north-2026.11',
      20_000,
    );
    expect(await greet('north-1')).toBe(greeting);
    expect((await status('south-1')).configVersion).toBe('');
    expect(await greet('south-1')).not.toBe(greeting);

    // The core's fleet view shows what each edge reports in its heartbeats.
    const fleet = await eventually(
      async () =>
        (await core('GET', '/v1/fleet/edges')).body.edges as { id: string; configVersion: string }[],
      (list) => list.find((e) => e.id === 'north-1')?.configVersion === 'north-2026.11',
      20_000,
    );
    expect(fleet.find((e) => e.id === 'south-1')?.configVersion).toBe('');

    // A bundle naming a model this edge does not have: refused with the reason, v1 keeps running.
    expect(
      (await core('PUT', '/v1/config/bundles/north-2026.12', { models: { intent: 'ab'.repeat(32) } })).status,
    ).toBe(201);
    await core('POST', '/v1/config/deploy', { version: 'north-2026.12', selector: 'region=north' });
    const refused = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) => all.some((e) => e.type === 'config.refused' && e.edgeId === 'north-1'),
      20_000,
    );
    const refusal = refused.find((e) => e.type === 'config.refused')?.data as {
      version: string;
      reason: string;
    };
    expect(refusal.version).toBe('north-2026.12');
    expect(refusal.reason).toContain('models.intent');
    expect((await status('north-1')).configVersion).toBe('north-2026.11');
    expect(await greet('north-1')).toBe(greeting);
    expect(refused.some((e) => e.type === 'config.applied' && e.edgeId === 'north-1')).toBe(true);
  });

  it('keeps the last good bundle across a restart of the edge', async () => {
    const north = edges.get('north-1');
    await north?.stop();
    const restarted = await startEdgeProcess(stack.core, {
      name: 'north-1',
      natsUrl: 'nats://127.0.0.1:1',
      dataDir: join(stack.dir, 'north-1'),
      env: { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir') },
    });
    edges.set('north-1', restarted);
    // NATS unreachable: the edge runs the bundle it applied last.
    expect((await status('north-1')).configVersion).toBe('north-2026.11');
  });
});

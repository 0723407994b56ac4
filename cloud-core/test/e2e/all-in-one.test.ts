import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchAllInOne } from '../support/all-in-one.js';

const home = mkdtempSync(join(tmpdir(), 'bl-aio-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('npm start (the all-in-one)', () => {
  it('starts NATS, the core and two enrolled edges, lists both online, and stops cleanly on Ctrl-C', async () => {
    const { ports, output, interrupt } = await launchAllInOne(home);
    expect(output.join('\n')).toContain(`http://127.0.0.1:${ports.BRANCHLINE_CORE_HTTP_PORT}/v1/fleet/edges`);

    const deadline = Date.now() + 20_000;
    let edges: { id: string; status: string; labels: Record<string, string> }[] = [];
    const adminToken = readFileSync(join(home, 'core', 'admin-token'), 'utf8').trim();
    while (Date.now() < deadline) {
      const response = await fetch(`http://127.0.0.1:${ports.BRANCHLINE_CORE_HTTP_PORT}/v1/fleet/edges`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      edges = ((await response.json()) as { edges: typeof edges }).edges;
      if (edges.length === 2 && edges.every((e) => e.status === 'online')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(edges.map((e) => [e.id, e.status, e.labels.region])).toEqual([
      ['north', 'online', 'north'],
      ['south', 'online', 'south'],
    ]);

    // The demo models trained from the shipped data answer on each edge.
    const edgeUrl = `http://127.0.0.1:${ports.BRANCHLINE_NORTH_HTTP_PORT}`;
    const models = (await (await fetch(`${edgeUrl}/v1/models`)).json()) as { models: { task: string }[] };
    expect(models.models.map((m) => m.task).sort()).toEqual([
      'compliance',
      'compliance-category',
      'hesitation',
      'intent',
      'pii-tagger',
      'sentiment',
    ]);
    const predicted = await fetch(`${edgeUrl}/v1/models/intent/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '我要转人工' }),
    });
    expect(((await predicted.json()) as { label: string }).label).toBe('request_human_agent');

    expect(await interrupt()).toBe(0);
    // Nothing is left listening: the ports are free again.
    const reuse = await fetch(`http://127.0.0.1:${ports.BRANCHLINE_CORE_HTTP_PORT}/healthz`).then(
      () => 'still up',
      () => 'gone',
    );
    expect(reuse).toBe('gone');
  }, 150_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, repoRoot } from '@branchline/shared/process';
import { afterAll, describe, expect, it } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'bl-aio-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('npm start (the all-in-one)', () => {
  it('starts NATS, the core and two enrolled edges, lists both online, and stops cleanly on Ctrl-C', async () => {
    const ports = {
      BRANCHLINE_NATS_PORT: await freePort(),
      BRANCHLINE_CORE_HTTP_PORT: await freePort(),
      BRANCHLINE_CORE_GRPC_PORT: await freePort(),
      BRANCHLINE_CORE_ENROLL_PORT: await freePort(),
      BRANCHLINE_NORTH_HTTP_PORT: await freePort(),
      BRANCHLINE_SOUTH_HTTP_PORT: await freePort(),
    };
    const env: NodeJS.ProcessEnv = { ...process.env, BRANCHLINE_HOME: home };
    for (const [k, v] of Object.entries(ports)) env[k] = String(v);
    const launcher = spawn(process.execPath, [join(repoRoot, 'deploy/local/start.mjs')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    createInterface({ input: launcher.stderr }).on('line', (l) => output.push(l));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready:\n${output.join('\n')}`)), 90_000);
      createInterface({ input: launcher.stdout }).on('line', (line) => {
        output.push(line);
        if (line.includes('Ctrl-C stops everything')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`launcher exited:\n${output.join('\n')}`)));
    });
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

    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    // Nothing is left listening: the ports are free again.
    const reuse = await fetch(`http://127.0.0.1:${ports.BRANCHLINE_CORE_HTTP_PORT}/healthz`).then(
      () => 'still up',
      () => 'gone',
    );
    expect(reuse).toBe('gone');
  }, 150_000);
});

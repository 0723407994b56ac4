import { join } from 'node:path';
import {
  createEnrollmentToken,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateArticles } from '../../src/bench/knowledge-generator.js';
import { eventually, readAllEvents } from '../support/events.js';
import { startWireTap, type WireTap } from '../support/wire-tap/index.js';

/**
 * A knowledge snapshot download cut mid-way by the WAN resumes where it stopped: the edge keeps
 * the part it has, asks the core for the rest from that offset, checks the sha256 of the whole
 * and installs it. The edge reaches the core's gRPC only through a proxy that cuts once.
 */
let stack: TestStack;
let tap: WireTap;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
const cutAfter = 600 * 1024;
const articles = generateArticles(3000).map(({ version: _version, ...input }) => input);

beforeAll(async () => {
  stack = await startTestStack('bl-kb-resume');
  const [host, port] = stack.core.grpcAddress.split(':');
  tap = await startWireTap(
    { host: host ?? '127.0.0.1', port: Number(port) },
    { cutAfterServerBytes: cutAfter },
  );
  // The knowledge is in before the edge starts, so the first snapshot it fetches is the big one.
  for (let i = 0; i < articles.length; i += 1000) {
    const response = await fetch(`${stack.core.url}/v1/knowledge/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.core.adminToken()}` },
      body: JSON.stringify(articles.slice(i, i + 1000)),
    });
    if (response.status !== 200) throw new Error(`import: HTTP ${response.status} ${await response.text()}`);
  }
  const token = await createEnrollmentToken(stack.core, { edgeId: 'north', labels: { region: 'north' } });
  edge = await startEdgeProcess(
    { grpcAddress: `127.0.0.1:${tap.port}`, enrollAddress: stack.core.enrollAddress },
    {
      name: 'north',
      natsUrl: stack.nats.url,
      dataDir: join(stack.dir, 'edge'),
      token,
      env: { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir') },
    },
  );
}, 90_000);

afterAll(async () => {
  await edge?.stop();
  await tap?.close();
  await stack?.stop();
});

describe('knowledge snapshot download over a WAN that drops', () => {
  it('resumes a cut download from where it stopped and installs the verified snapshot', async () => {
    const events = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) => all.some((e) => e.type === 'knowledge.installed' && e.data.articles === 3000),
      60_000,
    );
    const installed = events.find((e) => e.type === 'knowledge.installed' && e.data.articles === 3000);
    const data = installed?.data as { bytes: number; resumedFrom: number };
    expect(tap.connections().some((c) => c.cut)).toBe(true);
    // Resumed past the cut, not started again: less than the whole snapshot came after it.
    expect(data.bytes).toBeGreaterThan(cutAfter * 2);
    expect(data.resumedFrom).toBeGreaterThan(0);
    expect(data.resumedFrom).toBeLessThan(data.bytes);

    // The installed knowledge answers: an article from the middle of the import is found.
    const sample = articles[1500];
    const search = (await (
      await fetch(
        `http://127.0.0.1:${edge.ready.http}/v1/knowledge/search?${new URLSearchParams({ q: sample?.title ?? '', locale: sample?.locale ?? 'en', limit: '10' })}`,
      )
    ).json()) as { hits: { articleId: string }[] };
    expect(search.hits.map((h) => h.articleId)).toContain(sample?.id);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createEnrollmentToken,
  type ServiceProcess,
  startBurstWorkerProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ruleBasedKinds } from '../../src/privacy/types.js';
import { eventually, readAllEvents } from '../support/events.js';
import { coreCall } from '../support/fleet.js';
import { piiConversations } from '../support/pii-turns.js';
import { capturedPlaintext, startWireTap, type WireTap } from '../support/wire-tap/index.js';

/**
 * The privacy law, proven on the wire: a real edge process talks to a real core and NATS through
 * recording proxies, its TLS secrets are logged, and every byte it sent is decrypted and searched
 * for the personal data customers typed.
 */
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }> | undefined;
let worker: ServiceProcess<{ workerId: string }> | undefined;
const taps: Record<'grpc' | 'enroll' | 'nats', WireTap | undefined> = {
  grpc: undefined,
  enroll: undefined,
  nats: undefined,
};
const conversations = piiConversations(520, 10);
const turnCount = conversations.flat().length;

const portOf = (address: string) => Number(address.split(':').at(-1));

beforeAll(async () => {
  stack = await startTestStack('bl-leak');
  taps.grpc = await startWireTap({ host: '127.0.0.1', port: portOf(stack.core.grpcAddress) });
  taps.enroll = await startWireTap({ host: '127.0.0.1', port: portOf(stack.core.enrollAddress) });
  taps.nats = await startWireTap({ host: '127.0.0.1', port: portOf(stack.nats.url) });
  const token = await createEnrollmentToken(stack.core, { edgeId: 'leaky', labels: { region: 'east' } });
  edge = await startEdgeProcess(
    { grpcAddress: `127.0.0.1:${taps.grpc.port}`, enrollAddress: `127.0.0.1:${taps.enroll.port}` },
    {
      name: 'leaky',
      natsUrl: `nats://127.0.0.1:${taps.nats.port}`,
      dataDir: join(stack.dir, 'edge'),
      token,
      env: {
        NODE_OPTIONS: `--tls-keylog=${join(stack.dir, 'edge.keylog')}`,
        BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'),
        BRANCHLINE_HEARTBEAT_INTERVAL_MS: '500',
        BRANCHLINE_RATE_LIMIT_PER_IP: '100000',
        BRANCHLINE_RATE_LIMIT_PER_CONVERSATION: '1000',
      },
    },
  );
  // One AI slot, so turns of the four customers at a time overflow to a burst worker: the burst
  // work queue is on the tapped wire too. The worker itself talks to NATS directly (it is not the edge).
  expect(
    (
      await coreCall(stack, 'PUT', '/v1/config/bundles/leak-1', {
        version: 'leak-1',
        capacity: { aiSlots: 1 },
      })
    ).status,
  ).toBe(201);
  expect(
    (await coreCall(stack, 'POST', '/v1/config/deploy', { version: 'leak-1', selector: '' })).status,
  ).toBe(200);
  worker = await startBurstWorkerProcess(stack.nats.url, 'leak-w1');
  const base = `http://127.0.0.1:${edge.ready.http}`;
  await eventually(
    async () =>
      (await (await fetch(`${base}/v1/status`)).json()) as {
        configVersion: string;
        burst: { available: boolean };
      },
    (status) => status.configVersion === 'leak-1' && status.burst.available,
    20_000,
  );
}, 90_000);

afterAll(async () => {
  await edge?.stop();
  await worker?.stop();
  for (const tap of Object.values(taps)) await tap?.close();
  await stack?.stop();
});

async function post(base: string, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

describe('no personal data leaves the edge', () => {
  it(`sends none of the values in ${turnCount} turns to the core, over gRPC or NATS`, async ({
    annotate,
  }) => {
    const running = edge;
    if (!running) throw new Error('edge not started');
    const base = `http://127.0.0.1:${running.ready.http}`;
    const ids: string[] = [];
    // Four customers at a time, each conversation's turns in order.
    const queue = [...conversations];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let turns = queue.shift(); turns; turns = queue.shift()) {
          const { id } = await post(base, '/v1/conversations', { locale: turns[0]?.locale });
          ids.push(id);
          for (const turn of turns) await post(base, `/v1/conversations/${id}/messages`, { text: turn.text });
        }
      }),
    );
    // Everything reached the core (so it crossed the tapped wire), then the edge stops cleanly.
    await eventually(
      () => readAllEvents(stack.nats.url),
      (events) =>
        events.filter((e) => e.type === 'conversation.turn' && e.edgeId === 'leaky').length === turnCount,
      60_000,
    );
    const burst = ((await (await fetch(`${base}/v1/status`)).json()) as { burst: { answered: number } })
      .burst;
    expect(burst.answered).toBeGreaterThan(0);
    // Customers of eight conversations ask for a person; the branch has no agent, so each is offered
    // to central overflow agents with its transcript. One is taken centrally, answered with a token
    // (the edge restores it for the customer) and wrapped up: every step crosses the tapped wire.
    const handedOver = ids.slice(0, 8);
    for (const [i, id] of handedOver.entries())
      await post(base, `/v1/conversations/${id}/messages`, {
        text: i % 2 === 0 ? '我要转人工' : 'I want to talk to a human agent',
      });
    const offered = await eventually(
      () => coreCall(stack, 'GET', '/v1/overflow/sessions'),
      (r) => (r.body.sessions as unknown[]).length >= handedOver.length,
      20_000,
    );
    const [taken] = handedOver;
    const path = `/v1/overflow/sessions/leaky/${taken}`;
    expect((await coreCall(stack, 'POST', `${path}/accept`)).status).toBe(200);
    expect(
      (await coreCall(stack, 'POST', `${path}/messages`, { text: 'Noted, ⟦PHONE_1⟧ it is.' })).status,
    ).toBe(200);
    expect((await coreCall(stack, 'POST', `${path}/wrap-up`, { disposition: 'resolved' })).status).toBe(200);
    const overflowNote = `overflow sessions offered: ${(offered.body.sessions as unknown[]).length}`;
    await new Promise((r) => setTimeout(r, 1500)); // a few more heartbeats on the wire
    await running.stop();
    edge = undefined;

    const keylog = join(stack.dir, 'edge.keylog');
    expect(readFileSync(keylog, 'utf8')).toContain('CLIENT_TRAFFIC_SECRET_0');
    const captured: Record<string, Buffer[]> = {};
    for (const [name, tap] of Object.entries(taps)) {
      if (!tap) throw new Error(`${name} tap missing`);
      captured[name] = (await capturedPlaintext(tap, keylog)).map((c) => c.plaintext);
    }
    const all = Buffer.concat(Object.values(captured).flat());
    // The capture is not vacuous: decrypted gRPC calls and the events themselves are in it.
    expect(Buffer.concat(captured.enroll ?? []).toString()).toContain('EnrollmentService/Enroll');
    expect(Buffer.concat(captured.grpc ?? []).toString()).toContain('FleetService/Heartbeat');
    const natsText = Buffer.concat(captured.nats ?? []).toString();
    expect(natsText.split('conversation.turn').length - 1).toBeGreaterThanOrEqual(turnCount);
    expect(natsText).toContain('⟦');
    // Burst turns crossed the same wire: each one a tokenized work item on the queue.
    expect(natsText.split('bl.burst.work.leaky').length - 1).toBeGreaterThanOrEqual(burst.answered);
    // So did the overflow sessions (KV puts) and the edge's answers to the central agent's actions.
    expect(natsText.split('$KV.bl_overflow.leaky.').length - 1).toBeGreaterThanOrEqual(handedOver.length);
    expect(all.toString()).not.toMatch(/grpc-encoding: (gzip|deflate)/);

    const byKind = new Map<string, { total: number; leaked: string[] }>();
    for (const turn of conversations.flat()) {
      for (const value of turn.values) {
        const entry = byKind.get(value.kind) ?? { total: 0, leaked: [] };
        entry.total++;
        const leaked = [value.value, ...value.alsoLeaksAs].find((needle) =>
          all.includes(Buffer.from(needle)),
        );
        if (leaked) entry.leaked.push(`${leaked}  (in: ${turn.text})`);
        byKind.set(value.kind, entry);
      }
    }
    const report = [...byKind].map(
      ([kind, { total, leaked }]) =>
        `${kind}: ${total - leaked.length}/${total} kept on the edge (recall ${((total - leaked.length) / total).toFixed(4)})`,
    );
    await annotate([...report, `burst turns on the wire: ${burst.answered}`, overflowNote].join('\n'));
    for (const kind of ruleBasedKinds) {
      expect(byKind.get(kind)?.total ?? 0).toBeGreaterThan(20);
      expect(byKind.get(kind)?.leaked, `${kind} leaked`).toEqual([]);
    }
    for (const kind of ['name', 'address']) {
      expect(byKind.get(kind)?.total ?? 0).toBeGreaterThan(20);
      expect(byKind.get(kind)?.leaked, `${kind} leaked`).toEqual([]);
    }
  }, 240_000);
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createEnrollmentToken,
  repoRoot,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The agent desk through its API: accounts made with the edge CLI, eligibility by language and
 * skill, transfers, and a queue that survives a restart of the edge with everyone's place kept.
 */
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
let base: string;
let token: string;
const dataDir = () => join(stack.dir, 'edge');
const password = 'agent-pass-2026';

async function startEdge() {
  edge = await startEdgeProcess(stack.core, {
    name: 'east',
    natsUrl: stack.nats.url,
    dataDir: dataDir(),
    token,
    env: { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'), BRANCHLINE_DEMO_DATA: 'true' },
  });
  base = `http://localhost:${edge.ready.http}`;
}

async function addAgent(...args: string[]) {
  return promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'edge-node/bin/branchline-edge.js'), 'agents', 'add', ...args],
    { env: { ...process.env, BRANCHLINE_EDGE_DATA_DIR: dataDir(), BRANCHLINE_AGENT_PASSWORD: password } },
  );
}

/** What the calls below read from the console API's answers (each answer has some of it). */
interface ApiBody {
  waiting: { conversationId: string; reason: string; severity: string; waitedMs: number }[];
  mine: unknown[];
  error: { code: string };
}

interface Session {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: ApiBody }>;
}

async function signIn(username: string): Promise<Session> {
  const response = await fetch(`${base}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    async call(method, path, body) {
      const res = await fetch(`${base}/console/api${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: base },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as ApiBody };
    },
  };
}

async function customerSays(locale: 'zh-CN' | 'en', text: string): Promise<string> {
  const created = (await (
    await fetch(`${base}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale }),
    })
  ).json()) as { id: string };
  await fetch(`${base}/v1/conversations/${created.id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  return created.id;
}

beforeAll(async () => {
  stack = await startTestStack('bl-agent-desk');
  token = await createEnrollmentToken(stack.core, { edgeId: 'east' });
  await startEdge();
  // Made with the edge's CLI while the edge runs; the desk learns of them at their first sign-in.
  await addAgent('--username', 'li.lei', '--name', '李雷', '--languages', 'zh-CN', '--skills', 'complaints');
  await addAgent('--username', 'jo.king', '--name', 'Jo King', '--languages', 'en', '--skills', 'orders');
}, 90_000);

afterAll(async () => {
  await edge?.stop();
  await stack?.stop();
});

describe('agent desk', () => {
  it('offers a hand-off only to agents who can take it, transfers it, and keeps the queue across a restart', async () => {
    const complaint = await customerSays('zh-CN', '你们网点的柜员态度太恶劣了，我要投诉');
    const li = await signIn('li.lei');
    const jo = await signIn('jo.king');
    await li.call('PUT', '/presence', { presence: 'available' });
    await jo.call('PUT', '/presence', { presence: 'available' });

    const queue = (await jo.call('GET', '/queue')).body;
    expect(queue.waiting).toHaveLength(1);
    expect(queue.waiting[0]).toMatchObject({
      conversationId: complaint,
      reason: 'complaint',
      severity: 'high',
    });
    // Jo speaks no Chinese and does not take complaints.
    const refused = await jo.call('POST', `/conversations/${complaint}/accept`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('failed_precondition');
    // Nor may Jo read a conversation that is with Li.
    expect((await li.call('POST', `/conversations/${complaint}/accept`)).status).toBe(200);
    expect((await jo.call('GET', `/conversations/${complaint}`)).status).toBe(403);
    expect(
      (await li.call('POST', `/conversations/${complaint}/transfer`, { toAgentId: 'nobody' })).status,
    ).toBe(404);
    expect((await li.call('POST', `/conversations/${complaint}/transfer`, { toQueue: true })).status).toBe(
      200,
    );

    const waitedBefore = (await li.call('GET', '/queue')).body.waiting[0]?.waitedMs ?? 0;
    await edge.stop();
    await startEdge();
    // After the restart the complaint is still waiting, and its wait kept counting from the start.
    const li2 = await signIn('li.lei');
    const after = (await li2.call('GET', '/queue')).body;
    expect(after.waiting.map((w) => w.conversationId)).toEqual([complaint]);
    expect(after.waiting[0]?.waitedMs).toBeGreaterThan(waitedBefore);
    // Agents are away after a restart until they say otherwise.
    expect((await li2.call('POST', `/conversations/${complaint}/accept`)).status).toBe(409);
    await li2.call('PUT', '/presence', { presence: 'available' });
    expect((await li2.call('POST', `/conversations/${complaint}/accept`)).status).toBe(200);

    const wrap = await li2.call('POST', `/conversations/${complaint}/wrapup`, { disposition: 'maybe' });
    expect(wrap.status).toBe(400);
    const badIntent = await li2.call('POST', `/conversations/${complaint}/wrapup`, {
      disposition: 'resolved',
      correctedIntent: 'no_such_intent',
    });
    expect(badIntent.status).toBe(400);
    expect(
      (await li2.call('POST', `/conversations/${complaint}/wrapup`, { disposition: 'follow_up' })).status,
    ).toBe(200);
    expect((await li2.call('GET', '/queue')).body.mine).toEqual([]);
  });

  it("erases a waiting customer's hand-off with the rest of their data", async () => {
    const created = (await (
      await fetch(`${base}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'zh-CN', customerRef: 'C-1003' }),
      })
    ).json()) as { id: string };
    await fetch(`${base}/v1/conversations/${created.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '转人工' }),
    });
    const li = await signIn('li.lei');
    const waiting = async () => (await li.call('GET', '/queue')).body.waiting.map((w) => w.conversationId);
    expect(await waiting()).toContain(created.id);
    expect((await fetch(`${base}/v1/customers/C-1003/data`, { method: 'DELETE' })).status).toBe(200);
    expect(await waiting()).not.toContain(created.id);
  });

  it('takes a customer who gives up waiting out of the queue', async () => {
    const id = await customerSays('en', 'agent please');
    const li = await signIn('li.lei');
    expect((await li.call('GET', '/queue')).body.waiting.map((w) => w.conversationId)).toContain(id);
    await fetch(`${base}/v1/conversations/${id}/end`, { method: 'POST' });
    expect((await li.call('GET', '/queue')).body.waiting.map((w) => w.conversationId)).not.toContain(id);
  });
});

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
import {
  type MessagesApi,
  type RecordedRequest,
  reply,
  startMessagesApi,
} from '../../../cloud-core/src/dev/messages-api/index.js';
import { eventually, readAllEvents } from '../support/events.js';
import { coreCall } from '../support/fleet.js';

/**
 * Burst capacity end to end: an edge with one AI slot sends what it cannot serve to the core's
 * JetStream work queue, burst worker processes answer with the same dialog engine (the real SDK
 * against a loopback Messages API), tools still run on the edge, and a worker killed mid-turn is
 * replaced without the customer losing the turn.
 */
let llm: MessagesApi;
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
let base: string;
const workers: ServiceProcess<{ workerId: string }>[] = [];
const llmEnv = () => ({
  ANTHROPIC_API_KEY: 'test-key',
  ANTHROPIC_BASE_URL: llm.url,
  BRANCHLINE_LLM_MODEL: 'claude-sonnet-5-5',
});
const startWorker = async (id: string) => {
  const worker = await startBurstWorkerProcess(stack.nats.url, id, {
    env: { ...llmEnv(), BRANCHLINE_BURST_CONCURRENCY: '4' },
  });
  workers.push(worker);
  return worker;
};

type TurnReply = { reply: { text: string; handledBy: string; available: boolean } };

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}
const open = async (customerRef?: string) =>
  (await post<{ id: string }>('/v1/conversations', { locale: 'en', ...(customerRef ? { customerRef } : {}) }))
    .id;
const ask = (id: string, text: string) => post<TurnReply>(`/v1/conversations/${id}/messages`, { text });

/** The question's own words, so the scripted model answers each turn about itself. */
const question = (request: RecordedRequest) =>
  /<customer>([\s\S]*?)<\/customer>/.exec(JSON.stringify(request.body.messages.at(-1)))?.[1] ?? '';

/** Waits until the edge sees a burst worker ready to take work (its status says so). */
const burstAvailable = () =>
  eventually(
    async () =>
      ((await (await fetch(`${base}/v1/status`)).json()) as { burst: { available: boolean } }).burst,
    (burst) => burst.available,
    10_000,
  );

beforeAll(async () => {
  llm = await startMessagesApi();
  stack = await startTestStack('bl-burst', llmEnv());
  const token = await createEnrollmentToken(stack.core, { edgeId: 'north', labels: { region: 'north' } });
  edge = await startEdgeProcess(stack.core, {
    name: 'north',
    natsUrl: stack.nats.url,
    dataDir: join(stack.dir, 'edge'),
    token,
    env: { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'), BRANCHLINE_DEMO_DATA: 'true' },
  });
  base = `http://127.0.0.1:${edge.ready.http}`;
  // Peak season: this branch may work on one AI turn at a time.
  const bundle = await coreCall(stack, 'PUT', '/v1/config/bundles/peak-1', {
    version: 'peak-1',
    capacity: { aiSlots: 1, maxHumanWaitMs: 60_000 },
  });
  expect(bundle.status).toBe(201);
  expect(
    (await coreCall(stack, 'POST', '/v1/config/deploy', { version: 'peak-1', selector: '' })).status,
  ).toBe(200);
  await eventually(
    async () =>
      ((await (await fetch(`${base}/v1/status`)).json()) as { configVersion: string }).configVersion,
    (version) => version === 'peak-1',
    20_000,
  );
}, 120_000);

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await edge?.stop();
  await stack?.stop();
  await llm?.close();
});

describe('burst capacity', () => {
  it('answers what the branch has no slot for on burst workers, tools running on the edge', async () => {
    await startWorker('w1');
    await startWorker('w2');
    await burstAvailable();
    // Each model call takes a while, as a real one does; every question gets its own answer.
    const slow = (request: RecordedRequest) =>
      reply.text([`Answer to: ${question(request).slice(0, 60)}`], { delayMs: 800 });
    llm.script(slow, slow, slow, slow);
    const ids = await Promise.all([open(), open(), open(), open()]);
    const questions = [
      'Could you explain how a mortgage offset account works?',
      'What should I know before I refinance my car loan?',
      'How do overseas transfers work for students studying abroad?',
      'Can you compare a fixed term deposit with a savings account?',
    ];
    const answers = await Promise.all(ids.map((id, i) => ask(id, questions[i] ?? '')));
    // One turn had the branch's slot; the others went to burst capacity, and every customer got
    // an answer to their own question, on the same channel.
    const by = answers.map((a) => a.reply.handledBy).sort();
    expect(by.filter((h) => h === 'burst').length).toBeGreaterThanOrEqual(2);
    expect(by.every((h) => h === 'cloud' || h === 'burst')).toBe(true);
    for (const [i, a] of answers.entries()) {
      expect(a.reply.available).toBe(true);
      expect(a.reply.text).toContain((questions[i] ?? '').slice(0, 30));
    }
    // The turn events say who answered and why.
    const events = await readAllEvents(stack.nats.url);
    const burstTurns = events.filter((e) => e.type === 'conversation.turn' && e.data.route === 'burst');
    expect(burstTurns.length).toBe(by.filter((h) => h === 'burst').length);
    expect(burstTurns.every((e) => e.data.reason === 'ai_slots_full')).toBe(true);
    expect(llm.pending()).toBe(0);
  }, 60_000);

  it('runs a burst turn’s tool calls on the edge, for the verified customer only', async () => {
    // Hold the branch's one slot with a slow cloud turn, so the next turn goes to burst.
    llm.script(reply.text(['Slow cloud answer.'], { delayMs: 2500 }));
    const holder = await open();
    const seen = llm.requests.length;
    const held = ask(holder, 'Could you explain in detail how your travel insurance works?');
    await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBe(seen + 1);
    const before = llm.requests.length;
    llm.script(reply.toolUse('order_status', { orderId: 'BL-240004' }, { id: 'toolu_b1' }), (request) => {
      expect(JSON.stringify(request.body.messages.at(-1))).toContain('toolu_b1');
      return reply.text(['Your order BL-240004 is on its way.']);
    });
    const id = await open('C-1002');
    const answer = await ask(id, 'Is my headphones order on its way? My number is +44 7700 900102');
    expect(answer.reply).toMatchObject({ handledBy: 'burst', available: true });
    expect(answer.reply.text).toContain('BL-240004');
    await held;
    // The worker saw the tool's output (from the branch system), tokenized; never the raw number.
    const sent = llm.requests
      .slice(before)
      .map((r) => r.raw)
      .join('\n');
    expect(sent).toContain('Noise-cancelling headphones');
    expect(sent).not.toContain('7700 900102');
    expect(llm.pending()).toBe(0);
  }, 60_000);

  it('gives a turn whose worker died to another worker, and the customer gets one answer', async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    const doomed = await startWorker('doomed');
    await burstAvailable();
    // Hold the slot again, then send a turn that only the doomed worker can take.
    llm.script(reply.text(['Slow cloud answer.'], { delayMs: 4000 }));
    const holder = await open();
    const seen = llm.requests.length;
    const held = ask(holder, 'Could you explain in detail how your home insurance works?');
    await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBe(seen + 1);
    const before = llm.requests.length;
    let takenAt = 0;
    // The doomed worker's model call never ends; the rescuer's answers.
    llm.script(
      (request) => {
        takenAt = Date.now();
        return reply.text([`Never sent: ${question(request).slice(0, 20)}`], { delayMs: 60_000 });
      },
      () => reply.text(['Pension transfers take about two weeks.'], { delayMs: 200 }),
    );
    const id = await open();
    const pending = ask(id, 'How long does a pension transfer take?');
    await expect.poll(() => llm.requests.length, { timeout: 15_000 }).toBe(before + 1);
    doomed.kill('SIGKILL');
    await startWorker('rescuer');
    const answer = await pending;
    const recoveredMs = Date.now() - takenAt;
    expect(answer.reply).toMatchObject({ handledBy: 'burst', available: true });
    expect(answer.reply.text).toContain('two weeks');
    // Within the queue's ack wait (5 s) plus the rescuer's answer.
    expect(recoveredMs).toBeLessThan(12_000);
    await held;
    // One answer in the transcript, not two.
    const transcript = (await (await fetch(`${base}/v1/conversations/${id}`)).json()) as {
      messages: { role: string; text: string }[];
    };
    expect(transcript.messages.filter((m) => m.role === 'assistant')).toHaveLength(1);
  }, 90_000);
});

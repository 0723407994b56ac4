import { join } from 'node:path';
import type { EventEnvelope } from '@branchline/shared';
import {
  createEnrollmentToken,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, readAllEvents } from '../support/events.js';
import { coreCall } from '../support/fleet.js';
import { readSse } from '../support/sse.js';

let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
let base: string;
let token: string;
const dataDir = () => join(stack.dir, 'edge-north');

function startEdge(withToken?: string) {
  return startEdgeProcess(stack.core, {
    name: 'north',
    natsUrl: stack.nats.url,
    dataDir: dataDir(),
    ...(withToken ? { token: withToken } : {}),
    env: {
      BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'),
      BRANCHLINE_DEMO_DATA: 'true',
      BRANCHLINE_MAX_MESSAGE_CHARS: '500',
      BRANCHLINE_RATE_LIMIT_PER_CONVERSATION: '12',
      BRANCHLINE_RATE_LIMIT_PER_IP: '150',
    },
  });
}

// Response bodies of several shapes, read field by field in assertions.
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies, checked by the assertions themselves
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown, raw?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function conversation(locale: 'zh-CN' | 'en', customerRef?: string): Promise<string> {
  const created = await call('POST', '/v1/conversations', {
    locale,
    ...(customerRef ? { customerRef } : {}),
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const say = (id: string, text: string) => call('POST', `/v1/conversations/${id}/messages`, { text });

beforeAll(async () => {
  stack = await startTestStack('bl-conversations');
  token = await createEnrollmentToken(stack.core, { edgeId: 'north', labels: { region: 'north' } });
  edge = await startEdge(token);
  base = `http://127.0.0.1:${edge.ready.http}`;
}, 90_000);

afterAll(async () => {
  await edge?.stop();
  await stack?.stop();
});

describe('customer conversations on the edge', () => {
  it('answers a verified customer from the branch system, and only personal-data tokens reach the core', async () => {
    const id = await conversation('zh-CN', 'C-1001');
    const status = await say(id, '你好，我是张示例，手机13900001001，我的订单BL-240001到哪了？');
    expect(status.status).toBe(200);
    expect(status.body.reply.handledBy).toBe('tool');
    expect(status.body.understanding.intent).toBe('order_status');
    expect(status.body.reply.text).toContain('BL-240001');
    expect(status.body.reply.text).toContain('电热水壶');

    // Someone else's order is as good as unknown.
    const foreign = await say(id, '帮我查一下订单BL-240003的状态');
    expect(foreign.body.reply.handledBy).toBe('tool');
    expect(foreign.body.reply.text).not.toContain('Standing desk');

    // The transcript, as the customer saw it, has the originals back.
    const transcript = await call('GET', `/v1/conversations/${id}`);
    expect(transcript.body.messages[0].text).toContain('13900001001');
    expect(transcript.body.messages[0].text).toContain('张示例');

    const turns = await eventually(
      () => readAllEvents(stack.nats.url),
      (events) =>
        events.filter((e) => e.conversationId === id && e.type === 'conversation.turn').length === 2,
    );
    const mine = turns.filter((e) => e.conversationId === id);
    const wire = JSON.stringify(mine);
    expect(wire).not.toContain('13900001001');
    expect(wire).not.toContain('张示例');
    const first = mine.find((e) => e.type === 'conversation.turn') as EventEnvelope;
    expect(first.data.text).toContain('⟦PHONE_1⟧');
    expect(first.data.text).toContain('⟦NAME_1⟧');
    expect(Object.keys(first.data.timingsMs as object).sort()).toEqual(
      ['redact', 'understand', 'comply', 'route', 'admit', 'respond', 'restore'].sort(),
    );
  });

  it('reads a customer getting angrier and one hesitating over a product, and tells the core', async () => {
    const id = await conversation('zh-CN');
    await say(id, '你好，我想了解一下你们的理财产品');
    const wavering = await say(id, '收益还行，不过我再考虑一下吧，回头跟家里人商量商量');
    expect(wavering.body.understanding.flags).toContain('hesitation');
    const angry = await conversation('en');
    for (const text of [
      'Hi, my heating bill looks wrong',
      'This is the third time I have asked',
      'This is ridiculous, you people are useless and I am furious',
    ])
      await say(angry, text);
    const events = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) =>
        all.filter(
          (e) => (e.conversationId === id || e.conversationId === angry) && e.type === 'conversation.turn',
        ).length === 5,
    );
    const turnsOf = (conversationId: string) =>
      events.filter((e) => e.conversationId === conversationId && e.type === 'conversation.turn');
    expect((turnsOf(id)[1]?.data.hesitation as { cue: string } | undefined)?.cue).toMatch(/考虑|商量/);
    expect(turnsOf(id)[0]?.data.hesitation).toBeUndefined();
    expect(turnsOf(angry)[2]?.data.emotion).toMatchObject({ trend: 'rising', turns: 3 });
  });

  it('asks an unverified customer to sign in before touching branch data', async () => {
    const id = await conversation('en');
    const reply = await say(id, 'where is my order BL-240003?');
    expect(reply.body.reply.handledBy).toBe('tool');
    expect(reply.body.reply.text).toMatch(/sign in/i);
    expect(reply.body.reply.text).not.toContain('Standing desk');
  });

  it('changes a delivery address with the original address, and says honestly what it cannot do yet', async () => {
    const id = await conversation('en', 'C-1002');
    const moved = await say(
      id,
      'please change the delivery address of BL-240003 to 12 Harbour Road, Portsmouth',
    );
    expect(moved.body.reply.handledBy).toBe('tool');
    expect(moved.body.reply.text).toContain('12 Harbour Road');

    const hello = await say(id, 'hello');
    expect(hello.body.reply).toMatchObject({ handledBy: 'local', available: true });

    const rates = await say(id, 'what is the current mortgage rate?');
    expect(rates.body.reply.available).toBe(false);
    expect(rates.body.reply.text).toMatch(/saved/);

    const events = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) => all.filter((e) => e.conversationId === id && e.type === 'conversation.turn').length === 3,
    );
    expect(JSON.stringify(events.filter((e) => e.conversationId === id))).not.toContain('Harbour');
  });

  it('hands a complaint to a person with its reason, live over SSE, and replays from Last-Event-ID', async () => {
    const id = await conversation('zh-CN');
    const live = readSse(`${base}/v1/conversations/${id}/events`, (events) =>
      events.some((e) => e.event === 'handoff'),
    );
    await new Promise((r) => setTimeout(r, 200));
    const reply = await say(id, '我要投诉，你们的服务太差了，等了一个星期都没人管！');
    // Into the agents' queue: no agent is signed in, and the customer is told so.
    expect(reply.body.reply.handledBy).toBe('human');
    expect(reply.body.reply.text).toContain('正在为您转接人工客服');
    const events = await live;
    expect(events.find((e) => e.event === 'handoff')?.data).toContain('complaint');
    const messages = events.filter((e) => e.event === 'message');
    expect(JSON.parse(messages[0]?.data ?? '{}').text).toContain('我要投诉');

    // Waiting for a person, the AI stays quiet: the turn is kept for the agent.
    expect((await say(id, '你好')).body.reply).toBeNull();
    // A client that saw the first message reconnects and gets only what came after.
    const resumed = await readSse(
      `${base}/v1/conversations/${id}/events`,
      (all) => all.filter((e) => e.event === 'message').length >= 2,
      { lastEventId: messages[0]?.id ?? '0' },
    );
    const texts = resumed.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data).text as string);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('正在为您转接人工客服');
    expect(texts[1]).toBe('你好');
  });

  it('refuses bad input with JSON errors and loses no accepted turn', async () => {
    const id = await conversation('en');
    const malformed = await call('POST', `/v1/conversations/${id}/messages`, undefined, '{"text": ');
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'invalid_argument' } } });
    const long = await say(id, 'x'.repeat(501));
    expect(long).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    const huge = await call(
      'POST',
      `/v1/conversations/${id}/messages`,
      undefined,
      JSON.stringify({ text: 'y'.repeat(200_000) }),
    );
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    const control = await say(id, 'hello\u0000there');
    expect(control).toMatchObject({ status: 400, body: { error: { code: 'invalid_argument' } } });
    const notText = await call('POST', `/v1/conversations/${id}/messages`, { text: 42 });
    expect(notText.status).toBe(400);
    const badLocale = await call('POST', '/v1/conversations', { locale: 'fr' });
    expect(badLocale).toMatchObject({ status: 400, body: { error: { code: 'invalid_argument' } } });
    const unknown = await say('cv_nope', 'hello');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await call('GET', '/v1/conversations/cv_nope')).status).toBe(404);

    // A flood into one conversation: the limit answers 429, every accepted turn is answered.
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => say(id, `hello number ${i}`)));
    const accepted = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.body.error.code).toBe('rate_limited');
    const transcript = await call('GET', `/v1/conversations/${id}`);
    const customer = transcript.body.messages.filter((m: { role: string }) => m.role === 'customer');
    expect(customer).toHaveLength(accepted);
    // Each accepted turn was answered (by the AI, or kept for a person once handed over) and counted.
    const turns = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) =>
        all.filter((e) => e.conversationId === id && e.type === 'conversation.turn').length >= accepted,
    );
    expect(turns.filter((e) => e.conversationId === id && e.type === 'conversation.turn')).toHaveLength(
      accepted,
    );

    // An ended conversation takes no more turns.
    const other = await conversation('en');
    const ended = await call('POST', `/v1/conversations/${other}/end`);
    expect(ended.body.status).toBe('ended');
    expect(await say(other, 'still there?')).toMatchObject({
      status: 409,
      body: { error: { code: 'failed_precondition' } },
    });
  });

  it('answers, after a restart, a turn that was accepted but not yet answered', async () => {
    const id = await conversation('zh-CN');
    // A customer's live stream is open: the edge still stops cleanly instead of being killed.
    const stream = new AbortController();
    await say(id, '你好');
    const live = await fetch(`${base}/v1/conversations/${id}/events`, { signal: stream.signal });
    const reader = live.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    expect(await edge.stop()).toBe(0);
    stream.abort();
    // What a crash mid-turn leaves: the customer's (tokenized) message, pending, and no reply.
    const db = new Database(join(dataDir(), 'edge.db'));
    db.prepare(
      "INSERT INTO messages (conversation_id, turn_id, role, text, status, created_at) VALUES (?, 'turn-crash', 'customer', '你好', 'pending', ?)",
    ).run(id, Date.now());
    db.close();
    edge = await startEdge();
    base = `http://127.0.0.1:${edge.ready.http}`;
    const transcript = await eventually(
      () => call('GET', `/v1/conversations/${id}`),
      (t) => t.body.messages.length === 4,
    );
    expect(transcript.body.messages[3]).toMatchObject({ role: 'assistant', handledBy: 'local' });
  });

  it("erases a customer's transcripts and vault entries on request", async () => {
    const id = await conversation('zh-CN', 'C-1003');
    await say(id, '我叫李演示，电话13900001003');
    const erased = await call('DELETE', '/v1/customers/C-1003/data');
    expect(erased.status).toBe(200);
    expect(erased.body.erased.conversations).toBe(1);
    expect(erased.body.erased.vaultEntries).toBeGreaterThanOrEqual(2);
    expect((await call('GET', `/v1/conversations/${id}`)).status).toBe(404);
  });

  it('serves the chat page with a strict content security policy and the demo customers', async () => {
    const page = await fetch(`${base}/chat`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'/);
    expect(await page.text()).toContain('/v1/conversations');
    const info = await call('GET', '/v1/chat/info');
    expect(info.body.demoCustomers.map((c: { ref: string }) => c.ref)).toContain('C-1001');
  });

  it('reminds a verified customer of a repayment due soon once, as the fleet bundle says, and records it', async () => {
    const bundle = {
      version: 'offers-1',
      offers: {
        rules: [
          {
            id: 'repayment-soon',
            moment: 'repayment_near',
            action: 'reminder',
            maxPerCustomer: 1,
            perDays: 7,
          },
        ],
      },
    };
    expect((await coreCall(stack, 'PUT', '/v1/config/bundles/offers-1', bundle)).status).toBe(201);
    expect(
      (await coreCall(stack, 'POST', '/v1/config/deploy', { version: 'offers-1', selector: '' })).status,
    ).toBe(200);
    await eventually(
      async () => (await call('GET', '/v1/status')).body as { configVersion?: string },
      (status) => status.configVersion === 'offers-1',
    );
    const id = await conversation('en', 'C-1004');
    const first = await say(id, 'Hello, what are your opening hours?');
    expect(first.body.offer?.ruleId).toBe('repayment-soon');
    expect(first.body.offer?.text).toMatch(/your next repayment of 399\.00 CNY is due on/);
    // Capped: once a week for this customer, and the transcript holds it after the reply.
    const second = await say(id, 'And on Saturdays?');
    expect(second.body.offer).toBeUndefined();
    const transcript = await call('GET', `/v1/conversations/${id}`);
    expect(transcript.body.messages.map((m: { handledBy: string | null }) => m.handledBy)).toContain('offer');
    const events = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) => all.some((e) => e.type === 'offer.made' && e.conversationId === id),
    );
    expect(events.filter((e) => e.type === 'offer.made' && e.conversationId === id)).toHaveLength(1);
    expect(events.find((e) => e.type === 'offer.made' && e.conversationId === id)?.data).toMatchObject({
      ruleId: 'repayment-soon',
      moment: 'repayment_near',
      action: 'reminder',
      verifiedCustomer: true,
    });
  });

  it('limits a flood of requests from one address', async () => {
    let limited: { status: number; body: Json } | undefined;
    for (let i = 0; i < 200 && !limited; i++) {
      const r = await call('POST', '/v1/conversations', { locale: 'en' });
      if (r.status === 429) limited = r;
    }
    expect(limited?.body.error.code).toBe('rate_limited');
  });
});

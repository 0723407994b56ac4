import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MessagesApi, reply, startMessagesApi } from './index.js';

const model = 'claude-sonnet-4-6';
const question: MessageParam[] = [{ role: 'user', content: '西湖支行几点开门？' }];
let server: MessagesApi;
let client: Anthropic;

beforeEach(async () => {
  server = await startMessagesApi();
  client = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
});
afterEach(() => server.close());

describe('the loopback Messages API, driven by the real SDK', () => {
  it('answers a plain request with a complete message', async () => {
    server.script(reply.text('西湖支行周一至周五九点开门。'));
    const message = await client.messages.create({ model, max_tokens: 256, messages: question });

    expect(message.content).toEqual([
      { type: 'text', text: '西湖支行周一至周五九点开门。', citations: null },
    ]);
    expect(message).toMatchObject({ model, role: 'assistant', stop_reason: 'end_turn' });
    expect(message.id).toMatch(/^msg_01\w{22}$/);
    expect(message._request_id).toMatch(/^req_011/);
    expect(message.usage.input_tokens).toBeGreaterThan(5);
    expect(message.usage.output_tokens).toBeGreaterThan(5);
    // SDK 1.x sends the API key as a bearer token, not as `x-api-key`.
    expect(server.requests[0]?.headers).toMatchObject({ authorization: 'Bearer test-key' });
    expect(server.requests[0]?.headers['anthropic-version']).toBeTruthy();
  });

  it('streams text deltas with model latency and ends with the full message', async () => {
    server.script(reply.text(['您好，', '西湖支行', '九点开门。'], { delayMs: 30 }));
    const started = Date.now();
    const stream = client.messages.stream({ model, max_tokens: 256, messages: question });
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    expect(deltas).toEqual(['您好，', '西湖支行', '九点开门。']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    expect(message.content).toMatchObject([{ type: 'text', text: '您好，西湖支行九点开门。' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBeGreaterThan(1);
    expect(server.requests[0]?.stream).toBe(true);
  });

  it('runs a tool-use round trip and sees the tool result come back', async () => {
    const tools: Tool[] = [
      {
        name: 'find_branches',
        description: 'Lists the branches in a city.',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    server.script(
      reply.toolUse('find_branches', { city: '杭州', open: true }, { id: 'toolu_01abc', text: '我查一下。' }),
      reply.text('杭州有两家支行。'),
    );
    const messages: MessageParam[] = [{ role: 'user', content: '杭州有几家支行？' }];
    const first = await client.messages.stream({ model, max_tokens: 256, tools, messages }).finalMessage();

    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({
      id: 'toolu_01abc',
      name: 'find_branches',
      input: { city: '杭州', open: true },
    });

    messages.push(
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_01abc', content: '西湖支行, 滨江支行' }],
      },
    );
    const second = await client.messages.create({ model, max_tokens: 256, tools, messages });

    expect(second.content).toMatchObject([{ type: 'text', text: '杭州有两家支行。' }]);
    expect(server.requests[1]?.body.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_01abc', content: '西湖支行, 滨江支行' }],
    });
    expect(server.pending()).toBe(0);
  });

  it('records cache_control on the system prompt and reports cache writes then reads', async () => {
    const system = [
      {
        type: 'text' as const,
        text: '你是银行客服。'.repeat(50),
        cache_control: { type: 'ephemeral' as const },
      },
    ];
    server.script(reply.text('好的。'), reply.text('好的。'));
    const first = await client.messages.create({ model, max_tokens: 64, system, messages: question });
    const second = await client.messages.create({ model, max_tokens: 64, system, messages: question });

    expect(server.requests[0]?.body.system).toEqual(system);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(300);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
  });

  it('lets a reply be computed from the request', async () => {
    server.script((request) => reply.text(`I was given ${request.body.messages.length} message(s)`));
    const message = await client.messages.create({ model, max_tokens: 64, messages: question });

    expect(message.content).toMatchObject([{ text: 'I was given 1 message(s)' }]);
  });
});

describe('the loopback Messages API with a fallback reply', () => {
  it('answers from the script first, then from `respond`, with its delay', async () => {
    const fallback = await startMessagesApi({
      respond: (request) => reply.text(['Reply ', `#${request.index}`], { delayMs: 40 }),
    });
    const viaFallback = new Anthropic({ apiKey: 'test-key', baseURL: fallback.url, maxRetries: 0 });
    fallback.script(reply.text('Scripted.'));
    const ask = () =>
      viaFallback.messages.stream({ model, max_tokens: 64, messages: question }).finalMessage();

    const first = await ask();
    const started = Date.now();
    const second = await ask();

    expect(first.content).toMatchObject([{ text: 'Scripted.' }]);
    expect(second.content).toMatchObject([{ text: 'Reply #1' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(fallback.pending()).toBe(0);
    await fallback.close();
  });

  it('counts requests without keeping them when told not to record', async () => {
    const quiet = await startMessagesApi({ respond: () => reply.text('ok'), record: false });
    const client = new Anthropic({ apiKey: 'test-key', baseURL: quiet.url, maxRetries: 0 });
    await client.messages.create({ model, max_tokens: 64, messages: question });
    await client.messages.create({ model, max_tokens: 64, messages: question });

    expect(quiet.requests).toEqual([]);
    expect(quiet.received()).toBe(2);
    await quiet.close();
  });
});

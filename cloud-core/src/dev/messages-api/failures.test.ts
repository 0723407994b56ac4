import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MessagesApi, reply, startMessagesApi } from './index.js';

const model = 'claude-sonnet-4-6';
const question: MessageParam[] = [{ role: 'user', content: '西湖支行几点开门？' }];
const ask = (client: Anthropic, messages = question) =>
  client.messages.create({ model, max_tokens: 64, messages });
let server: MessagesApi;

beforeEach(async () => {
  server = await startMessagesApi();
});
afterEach(() => server.close());

const clientWith = (maxRetries: number) =>
  new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries });

describe('the loopback Messages API, failing the way the real one does', () => {
  it('sends 429 with retry-after, which the SDK waits out and retries', async () => {
    server.script(reply.rateLimited(1), reply.text('好的。'));
    const started = Date.now();
    const message = await ask(clientWith(2));

    expect(message.content).toMatchObject([{ text: '好的。' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
  });

  it('surfaces 529 as OverloadedError once retries are used up', async () => {
    server.script(reply.overloaded(), reply.overloaded());
    const error = await ask(clientWith(1)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    expect(error).toMatchObject({
      status: 529,
      type: 'overloaded_error',
      requestID: expect.stringMatching(/^req_/),
    });
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, Anthropic.BadRequestError, 'invalid_request_error'],
    [401, Anthropic.AuthenticationError, 'authentication_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
  ])('maps a scripted %i to the SDK class for it', async (status, errorClass, type) => {
    server.script(reply.error(status));
    const error = await ask(clientWith(0)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, type });
  });

  it('breaks a stream mid-way so the SDK stream rejects', async () => {
    server.script(reply.cut(4, reply.text(['您好，', '西湖支行', '九点开门。'])));
    const stream = clientWith(0).messages.stream({ model, max_tokens: 64, messages: question });
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));

    // undici reports the lost socket as `terminated`; the SDK wraps it in AnthropicError.
    await expect(stream.finalMessage()).rejects.toThrow(/terminated/);
    expect(deltas).toEqual(['您好，']);
  });

  it('can break a stream with an SSE error event instead', async () => {
    server.script(reply.cut(3, reply.text('您好'), 'overloaded_error'));
    const stream = clientWith(0).messages.stream({ model, max_tokens: 64, messages: question });

    await expect(stream.finalMessage()).rejects.toMatchObject({ type: 'overloaded_error' });
  });

  it('drops the connection of a non-streaming request told to cut', async () => {
    server.script(reply.cut(0, reply.text('never')));
    await expect(ask(clientWith(0))).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });

  it('fails loudly, without SDK retries, when no reply was scripted', async () => {
    const error = await ask(clientWith(2)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect(String(error)).toContain('no reply was scripted for request #0');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects a tool_result that answers no tool_use, and leaves the script alone', async () => {
    server.script(reply.text('unused'));
    const messages: MessageParam[] = [
      { role: 'user', content: '杭州有几家支行？' },
      { role: 'assistant', content: '我查一下。' },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01nope', content: '2' }] },
    ];
    const error = await ask(clientWith(0), messages).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String(error)).toContain('toolu_01nope');
    expect(server.pending()).toBe(1);
  });

  it('rejects turns that do not alternate', async () => {
    const twice: MessageParam[] = [question[0] as MessageParam, { role: 'user', content: '还有吗？' }];
    await expect(ask(clientWith(0), twice)).rejects.toThrow(/roles must alternate/);
  });

  it('rejects a wrong API key when one is configured', async () => {
    const guarded = await startMessagesApi({ apiKey: 'right-key' });
    const client = new Anthropic({ apiKey: 'wrong-key', baseURL: guarded.url, maxRetries: 0 });
    await expect(ask(client)).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    await guarded.close();
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { MessagesApi, MessagesApiOptions, RecordedRequest, Reply, ScriptEntry } from './types.js';
import { PromptCache } from './usage.js';
import { checkBody, checkHeaders, type Rejection } from './validate.js';
import { buildMessage, errorBody, newId, sse, streamError, streamEvents } from './wire.js';

type ErrorAnswer = Rejection & { retryAfterSeconds?: number; shouldRetry?: boolean };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function sendError(res: ServerResponse, requestId: string, answer: ErrorAnswer): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': requestId };
  if (answer.retryAfterSeconds !== undefined) headers['retry-after'] = String(answer.retryAfterSeconds);
  if (answer.shouldRetry !== undefined) headers['x-should-retry'] = String(answer.shouldRetry);
  res
    .writeHead(answer.status, headers)
    .end(JSON.stringify(errorBody(answer.type, answer.message, requestId)));
}

/**
 * Starts a loopback server that answers `POST /v1/messages` like the Anthropic API, from
 * replies the test scripts in order (then `options.respond`, when given), so the real SDK can be
 * exercised without the network. Development and benchmark code only: no product path imports it.
 */
export async function startMessagesApi(options: MessagesApiOptions = {}): Promise<MessagesApi> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptEntry[] = [];
  const cache = new PromptCache();
  let received = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const requestId = newId('req_011');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, [value ?? ''].flat().join(', ')]),
    );
    const body = parseJson(raw);
    const stream = typeof body === 'object' && body !== null && 'stream' in body && body.stream === true;
    const index = received++;
    const recorded: RecordedRequest = {
      index,
      method: req.method ?? 'GET',
      path,
      headers,
      raw,
      body: body as MessageCreateParamsBase,
      stream,
    };
    if (options.record !== false) requests.push(recorded);

    if (req.method !== 'POST' || path !== '/v1/messages') {
      return sendError(res, requestId, { status: 404, type: 'not_found_error', message: 'Not Found' });
    }
    const rejection =
      checkHeaders(headers, options) ??
      (body === undefined
        ? { status: 400, type: 'invalid_request_error', message: 'There was an error parsing the body' }
        : checkBody(body, options));
    // A rejected request leaves the script alone: the API would not have answered it either.
    if (rejection) return sendError(res, requestId, rejection);

    const entry = queue.shift() ?? options.respond;
    if (!entry) {
      const message = `messages-api test server: no reply was scripted for request #${index}`;
      // `x-should-retry: false` stops the SDK retrying, so the test fails at once and loudly.
      return sendError(res, requestId, { status: 500, type: 'api_error', message, shouldRetry: false });
    }
    const reply = typeof entry === 'function' ? await entry(recorded) : entry;
    await respond(res, reply, recorded, requestId);
  }

  async function respond(res: ServerResponse, reply: Reply, request: RecordedRequest, requestId: string) {
    if (reply.kind === 'error') return sendError(res, requestId, reply);
    if (reply.kind === 'cut' && !request.stream) {
      res.socket?.destroy();
      return;
    }
    const message = reply.kind === 'cut' ? reply.message : reply;
    const usage = cache.account(request.body);
    const events = streamEvents(message, request.body.model, usage);

    if (!request.stream) {
      // Take as long as streaming the same answer would have taken.
      await sleep(message.delayMs * events.filter((e) => e.delayed).length);
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
      res.end(JSON.stringify(buildMessage(message, request.body.model, usage)));
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': requestId,
    });
    for (const [sent, { event, delayed }] of events.entries()) {
      if (reply.kind === 'cut' && sent === reply.afterEvents) {
        // Break when the next event was due; breaking at once could make the client drop
        // events it had already received but not yet read.
        await sleep(Math.max(message.delayMs, 20));
        if (!reply.error) return void res.destroy();
        const error = streamError(
          reply.error,
          reply.error === 'overloaded_error' ? 'Overloaded' : reply.error,
        );
        return void res.end(sse(error));
      }
      if (delayed && message.delayMs > 0) await sleep(message.delayMs);
      // The client went away (e.g. it aborted the stream); nothing left to say.
      if (res.destroyed) return;
      res.write(sse(event));
    }
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const message = `messages-api test server failed: ${error instanceof Error ? error.message : error}`;
      sendError(res, newId('req_011'), { status: 500, type: 'api_error', message, shouldRetry: false });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received: () => received,
    script: (...entries) => void queue.push(...entries),
    pending: () => queue.length,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

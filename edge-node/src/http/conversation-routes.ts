import { BranchlineError, jsonBody } from '@branchline/shared';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { ConversationService, LiveEvent } from '../conversation/index.js';
import { perConversationLimit, perIpLimit, type RateLimits } from './rate-limits.js';

const startSchema = z.strictObject({
  channel: z.literal('chat').default('chat'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  customerRef: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only, at most 64')
    .optional(),
});
const messageSchema = z.object({ text: z.unknown() });
const customerRefSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `"${issue.path.join('.')}": ` : '';
    throw new BranchlineError('invalid_argument', `${where}${issue?.message ?? 'invalid request'}`);
  }
  return result.data;
}

export interface CustomerTrust {
  /** May this request speak for a verified customer (`customerRef`)? Throws when not. */
  assertVerified(authorization: string | undefined): void;
}

export interface ConversationRouteDeps {
  conversations: ConversationService;
  limits: RateLimits;
  maxBodyBytes: number;
  trust: CustomerTrust;
}

function sseEvent(event: LiveEvent) {
  return {
    event: event.type,
    data: JSON.stringify(event.data),
    ...(event.seq !== undefined ? { id: String(event.seq) } : {}),
  };
}

/** The customer API: conversations, messages, the live stream and erasure. */
export function conversationRoutes(deps: ConversationRouteDeps): Hono {
  const app = new Hono();
  const tooLarge = () => {
    throw new BranchlineError('payload_too_large', `the request body is over ${deps.maxBodyBytes} bytes`);
  };
  // Mounted at the root beside other routes, so the limits name the customer paths they guard.
  const ipLimit = perIpLimit(deps.limits);
  const sizeLimit = bodyLimit({ maxSize: deps.maxBodyBytes, onError: tooLarge });
  // '/v1/conversations/*' also matches '/v1/conversations' itself.
  for (const path of ['/v1/conversations/*', '/v1/customers/*']) app.use(path, ipLimit, sizeLimit);

  app.post('/v1/conversations', async (c) => {
    const body = parse(startSchema, await jsonBody(c));
    if (body.customerRef) deps.trust.assertVerified(c.req.header('authorization'));
    const row = deps.conversations.start({
      channel: body.channel,
      locale: body.locale,
      customerRef: body.customerRef ?? null,
    });
    return c.json({ id: row.id, locale: row.locale, status: row.status }, 201);
  });

  app.post('/v1/conversations/:id/messages', perConversationLimit(deps.limits), async (c) => {
    const body = parse(messageSchema, await jsonBody(c));
    return c.json(await deps.conversations.send(c.req.param('id'), body.text));
  });

  app.get('/v1/conversations/:id', (c) => c.json(deps.conversations.view(c.req.param('id'))));

  app.post('/v1/conversations/:id/end', (c) => {
    const row = deps.conversations.end(c.req.param('id'));
    return c.json({ id: row.id, status: row.status, endedAt: row.endedAt?.toISOString() ?? null });
  });

  app.get('/v1/conversations/:id/events', (c) => {
    const id = c.req.param('id');
    const after = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0);
    if (!Number.isInteger(after) || after < 0)
      throw new BranchlineError('invalid_argument', 'Last-Event-ID must be a message sequence number');
    const initial = deps.conversations.replay(id, after); // also 404s an unknown id before streaming
    return streamSSE(c, async (stream) => {
      // Subscribe before replaying so nothing written in between is missed; skip what replay sent.
      const buffered: LiveEvent[] = [];
      let live = false;
      let lastSeq = after;
      const send = async (event: LiveEvent) => {
        if (event.seq !== undefined) {
          if (event.seq <= lastSeq) return;
          lastSeq = event.seq;
        }
        await stream.writeSSE(sseEvent(event));
      };
      const unsubscribe = deps.conversations.subscribe(id, (event) => {
        if (live) void send(event);
        else buffered.push(event);
      });
      stream.onAbort(unsubscribe);
      for (const event of [...initial, ...deps.conversations.replay(id, initial.at(-1)?.seq ?? after)])
        await send(event);
      for (const event of buffered.splice(0)) await send(event);
      live = true;
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000);
        if (!stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });

  app.delete('/v1/customers/:ref/data', async (c) => {
    deps.trust.assertVerified(c.req.header('authorization'));
    const ref = parse(customerRefSchema, c.req.param('ref'));
    return c.json({ customerRef: ref, erased: await deps.conversations.eraseCustomer(ref) });
  });

  return app;
}

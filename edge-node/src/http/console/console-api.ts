import { BranchlineError, jsonBody, signInLimit } from '@branchline/shared';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AuditLog } from '../../agents/accounts/index.js';
import type { ConsoleEvent, HumanDesk } from '../../agents/desk/index.js';
import type { BranchConnector } from '../../connector/index.js';
import type { ConversationService } from '../../conversation/index.js';
import { composeAnswer, type KnowledgeBase } from '../../knowledge/index.js';
import {
  type ConsoleAuthOptions,
  type ConsoleEnv,
  clearSessionCookie,
  requireAgent,
  setSessionCookie,
} from './console-auth.js';
import { type OutboundConsoleDeps, outboundRoutes } from './outbound-routes.js';

export interface ConsoleApiDeps extends ConsoleAuthOptions {
  desk: HumanDesk;
  audit: AuditLog;
  conversations: ConversationService;
  connector: BranchConnector;
  knowledge: KnowledgeBase;
  intents(): string[];
  branch: string;
  outbound?: Omit<OutboundConsoleDeps, 'audit' | 'connector'>;
}

const signInSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
const presenceSchema = z.object({ presence: z.enum(['available', 'busy', 'away']) });
const messageSchema = z.object({ text: z.unknown() });
const transferSchema = z
  .object({ toAgentId: z.string().min(1).optional(), toQueue: z.boolean().optional() })
  .refine((t) => Boolean(t.toAgentId) !== Boolean(t.toQueue), 'give either toAgentId or toQueue');

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BranchlineError('invalid_argument', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The agent console's JSON API and event stream, under /console/api. */
export function consoleApi(deps: ConsoleApiDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  // Browsers send Origin on POSTs: one from another site is refused before anything else runs.
  app.use(csrf());

  app.post('/login', signInLimit(), async (c) => {
    const body = parse(signInSchema, await jsonBody(c));
    let agent: Awaited<ReturnType<typeof deps.accounts.verify>>;
    try {
      agent = await deps.accounts.verify(body.username, body.password);
    } catch (error) {
      deps.audit.record({
        agentId: null,
        action: 'sign_in.failed',
        detail: { username: body.username.slice(0, 100) },
      });
      throw error;
    }
    const { token, session } = deps.sessions.open(agent.id);
    setSessionCookie(c, token, deps);
    deps.desk.ensureAgent(agent);
    deps.audit.record({ agentId: agent.id, action: 'sign_in' });
    return c.json({
      agent,
      csrfToken: session.csrfToken,
      presence: deps.desk.presence(agent.id),
      branch: deps.branch,
    });
  });

  app.use('/*', requireAgent(deps));
  if (deps.outbound)
    app.route(
      '/outbound',
      outboundRoutes({ ...deps.outbound, audit: deps.audit, connector: deps.connector }),
    );

  app.post('/logout', (c) => {
    const agent = c.get('agent');
    deps.sessions.close(c.get('token'));
    clearSessionCookie(c, deps);
    if (deps.desk.presence(agent.id) !== 'away') deps.desk.setPresence(agent, 'away');
    deps.audit.record({ agentId: agent.id, action: 'sign_out' });
    return c.json({ ok: true });
  });

  app.get('/me', (c) => {
    const agent = c.get('agent');
    return c.json({
      agent,
      csrfToken: c.get('session').csrfToken,
      presence: deps.desk.presence(agent.id),
      branch: deps.branch,
    });
  });

  app.put('/presence', async (c) => {
    const { presence } = parse(presenceSchema, await jsonBody(c));
    return c.json({ presence: deps.desk.setPresence(c.get('agent'), presence) });
  });

  app.get('/queue', async (c) => c.json(await deps.desk.view(c.get('agent'))));

  app.get('/intents', (c) => c.json({ intents: deps.intents() }));

  app.post('/conversations/:id/accept', (c) => {
    const row = deps.desk.accept(c.get('agent'), c.req.param('id'));
    return c.json({ conversationId: row.conversationId, status: row.status });
  });

  app.get('/conversations/:id', async (c) => {
    const id = c.req.param('id');
    const handoff = deps.desk.requireOwn(c.get('agent'), id);
    const view = deps.conversations.agentView(id);
    const understood = view.messages.flatMap((m) => (m.understanding ? [m.understanding] : []));
    const latest = understood.at(-1);
    const profile = view.customerRef ? await deps.connector.profile(view.customerRef) : undefined;
    deps.audit.record({ agentId: c.get('agent').id, action: 'conversation.viewed', conversationId: id });
    return c.json({
      id: view.id,
      locale: view.locale,
      status: view.status,
      handoff: {
        reason: handoff.reason,
        severity: handoff.severity,
        status: handoff.status,
        agentId: handoff.agentId,
      },
      messages: view.messages.map((m) => ({
        seq: m.seq,
        role: m.role,
        text: m.text,
        at: m.at,
        handledBy: m.handledBy,
        ...(m.understanding ? { intent: m.understanding.intent } : {}),
      })),
      understanding: {
        intent: latest?.intent ?? null,
        confidence: latest?.confidence ?? null,
        flags: [...new Set(understood.flatMap((u) => u.flags))],
        sentimentTrend: understood.map((u) => u.sentiment.negative),
      },
      // The agent works in the branch: the customer's own profile and orders are theirs to see.
      customer:
        view.customerRef && profile
          ? {
              profile,
              orders: (await deps.connector.ordersOf(view.customerRef)).map((o) => ({
                id: o.id,
                item: o.item,
                status: o.status,
                expectedOn: o.expectedDelivery,
                deliveryAddress: o.deliveryAddress,
              })),
            }
          : null,
    });
  });

  app.get('/conversations/:id/assist', (c) => {
    const id = c.req.param('id');
    deps.desk.requireOwn(c.get('agent'), id);
    const view = deps.conversations.agentView(id);
    const question = view.messages.filter((m) => m.role === 'customer').at(-1)?.text ?? '';
    const hits = question
      ? deps.knowledge.search(question, { locale: view.locale as 'zh-CN' | 'en', limit: 3 })
      : [];
    const answer = composeAnswer(question, hits) ?? null;
    return c.json({
      suggestion: answer,
      passages: hits.map((h) => ({
        articleId: h.articleId,
        title: h.title,
        heading: h.heading,
        text: h.text,
      })),
    });
  });

  app.post('/conversations/:id/messages', async (c) => {
    const { text } = parse(messageSchema, await jsonBody(c));
    await deps.desk.reply(c.get('agent'), c.req.param('id'), text);
    return c.json({ ok: true }, 201);
  });

  app.post('/conversations/:id/transfer', async (c) => {
    const to = parse(transferSchema, await jsonBody(c));
    deps.desk.transfer(c.get('agent'), c.req.param('id'), to);
    return c.json({ ok: true });
  });

  app.post('/conversations/:id/wrapup', async (c) => {
    deps.desk.wrapUp(c.get('agent'), c.req.param('id'), await jsonBody(c));
    return c.json({ ok: true });
  });

  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const unsubscribe = deps.desk.subscribe((event: ConsoleEvent) => {
        void stream.writeSSE({ event: event.type, data: JSON.stringify(event.data) });
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: 'queue', data: '{}' });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000);
        if (!stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    }),
  );

  return app;
}

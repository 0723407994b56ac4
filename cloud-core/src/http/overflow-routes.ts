import type { OverflowAction } from '@branchline/proto';
import { BranchlineError, jsonBody } from '@branchline/shared';
import type { NatsConnection } from '@nats-io/transport-node';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { atLeast, type OperatorSessions, parseInput } from '../operators/index.js';
import { actOnEdge, type OverflowBoard } from '../overflow/index.js';
import {
  audited,
  noteAudit,
  type OperatorAuthDeps,
  type OperatorEnv,
  principalOf,
  requireRole,
} from './operator-auth.js';

export interface OverflowRouteDeps extends Pick<OperatorAuthDeps, 'audit' | 'log' | 'accounts'> {
  sessions: Pick<OperatorSessions, 'byId'>;
  overflow: OverflowBoard;
  nc: NatsConnection;
}

const replySchema = z.object({ text: z.string().trim().min(1, 'write something').max(2000) });
const wrapUpSchema = z.object({
  disposition: z.enum(['resolved', 'follow_up', 'escalated', 'no_response']),
  correctedIntent: z.string().trim().min(1).max(60).optional(),
});

/**
 * The central overflow console's API: the offered conversations (tokenized) from the board, and
 * actions the owning branch decides on. Taking, releasing and wrapping up are audited here; every
 * message is audited on the branch, with the agent's name.
 */
export function overflowRoutes(deps: OverflowRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const agent = requireRole('agent');
  const target = (c: Context<OperatorEnv>) => `${c.req.param('edgeId')}/${c.req.param('conversationId')}`;
  const act = (c: Context<OperatorEnv>, kind: OverflowAction['kind']) => {
    const principal = principalOf(c);
    const edgeId = c.req.param('edgeId') ?? '';
    const conversationId = c.req.param('conversationId') ?? '';
    // Only what the board shows can be acted on: a mistyped edge is a 404, not a "WAN down".
    if (!deps.overflow.get(edgeId, conversationId))
      throw new BranchlineError(
        'not_found',
        `no conversation ${conversationId} of edge ${edgeId} is in overflow`,
      );
    return actOnEdge(deps.nc, edgeId, {
      conversationId,
      agent: principal.actor,
      agentName: principal.displayName,
      kind,
    });
  };

  app.get('/sessions', agent, (c) => c.json({ sessions: deps.overflow.list() }));

  app.post(
    '/sessions/:edgeId/:conversationId/accept',
    audited(deps, 'agent', 'overflow.accepted', target),
    async (c) => {
      const session = await act(c, { $case: 'accept', value: {} });
      noteAudit(c, { detail: { reason: session?.reason ?? null } });
      return c.json({ session });
    },
  );

  app.post('/sessions/:edgeId/:conversationId/messages', agent, async (c) => {
    const { text } = parseInput(replySchema, await jsonBody(c));
    await act(c, { $case: 'reply', value: { text } });
    return c.json({ ok: true });
  });

  app.post(
    '/sessions/:edgeId/:conversationId/release',
    audited(deps, 'agent', 'overflow.released', target),
    async (c) => {
      await act(c, { $case: 'release', value: {} });
      return c.json({ ok: true });
    },
  );

  app.post(
    '/sessions/:edgeId/:conversationId/wrap-up',
    audited(deps, 'agent', 'overflow.wrapped', target),
    async (c) => {
      const { disposition, correctedIntent } = parseInput(wrapUpSchema, await jsonBody(c));
      await act(c, { $case: 'wrapUp', value: { disposition, correctedIntent } });
      noteAudit(c, { detail: { disposition } });
      return c.json({ ok: true });
    },
  );

  app.get('/events', agent, (c) =>
    streamSSE(c, async (stream) => {
      const stop = deps.overflow.subscribe((change) => {
        if (change.type === 'session')
          void stream.writeSSE({ event: 'session', data: JSON.stringify(change.session) });
        else
          void stream.writeSSE({
            event: 'removed',
            data: JSON.stringify({ edgeId: change.edgeId, conversationId: change.conversationId }),
          });
      });
      stream.onAbort(stop);
      const principal = principalOf(c);
      // Transcripts keep flowing only while the agent may still read them: signed out, disabled or
      // demoted, the stream ends at the next keep-alive.
      const stillAllowed = async () => {
        if (principal.via === 'token') return true;
        const session =
          principal.session && (await deps.sessions.byId(principal.session.id).catch(() => undefined));
        if (!session) return false;
        const operator = await deps.accounts.get(principal.actor).catch(() => undefined);
        return operator !== undefined && !operator.disabled && atLeast(operator.role, 'agent');
      };
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000);
        if (stream.aborted) break;
        if (!(await stillAllowed())) break;
        await stream.write(': keep-alive\n\n');
      }
      stop();
    }),
  );

  return app;
}

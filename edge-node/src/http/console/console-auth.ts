import { BranchlineError } from '@branchline/shared';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type {
  AgentAccounts,
  AgentProfile,
  AgentSession,
  AgentSessions,
} from '../../agents/accounts/index.js';

export const sessionCookie = 'bl_console';

export interface ConsoleAuthOptions {
  accounts: AgentAccounts;
  sessions: AgentSessions;
  secureCookies: boolean;
  sessionMs: number;
}

export type ConsoleEnv = { Variables: { agent: AgentProfile; session: AgentSession; token: string } };

export function setSessionCookie(c: Context, token: string, options: ConsoleAuthOptions): void {
  setCookie(c, sessionCookie, token, {
    path: '/console',
    httpOnly: true,
    sameSite: 'Strict',
    secure: options.secureCookies,
    maxAge: Math.floor(options.sessionMs / 1000),
  });
}

export function clearSessionCookie(c: Context, options: ConsoleAuthOptions): void {
  deleteCookie(c, sessionCookie, { path: '/console', secure: options.secureCookies });
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Signed-in agents only. The session cookie is HttpOnly and SameSite=Strict; on top of that every
 * change must carry the session's CSRF token in `x-csrf-token`, which another site cannot read.
 */
export function requireAgent(options: ConsoleAuthOptions): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookie);
    const session = token ? options.sessions.find(token) : undefined;
    const agent = session ? options.accounts.get(session.agentId) : undefined;
    if (!token || !session || !agent || agent.disabled)
      throw new BranchlineError('unauthenticated', 'sign in to the agent console');
    if (unsafe.has(c.req.method) && c.req.header('x-csrf-token') !== session.csrfToken)
      throw new BranchlineError('forbidden', 'missing or wrong CSRF token');
    c.set('agent', agent);
    c.set('session', session);
    c.set('token', token);
    await next();
  };
}

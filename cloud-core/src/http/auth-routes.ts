import { BranchlineError, jsonBody, signInLimit } from '@branchline/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { type OperatorAccounts, type OperatorSessions, parseInput } from '../operators/index.js';
import {
  clearSessionCookie,
  type OperatorAuthDeps,
  type OperatorEnv,
  type Principal,
  principalOf,
  recordAudit,
  requireRole,
  setSessionCookie,
} from './operator-auth.js';

export type AuthRouteDeps = Omit<OperatorAuthDeps, 'accounts' | 'sessions'> & {
  accounts: OperatorAccounts;
  sessions: OperatorSessions;
};

const signInSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
  /** The CLI keeps the session token itself; a browser only ever has it in the HttpOnly cookie. */
  wantToken: z.boolean().optional(),
});

const operatorView = (p: Principal) => ({ username: p.actor, displayName: p.displayName, role: p.role });

/** Sign-in, sign-out and "who am I" for the dashboard (cookie) and the CLI (bearer session token). */
export function authRoutes(deps: AuthRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();

  app.post('/sign-in', signInLimit(), async (c) => {
    // A form on another site can post text/plain but not JSON: this refuses signing a browser in
    // to someone else's account from there.
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
      throw new BranchlineError('invalid_argument', 'send the credentials as application/json');
    const body = parseInput(signInSchema, await jsonBody(c));
    let operator: Awaited<ReturnType<OperatorAccounts['verify']>>;
    try {
      operator = await deps.accounts.verify(body.username, body.password);
    } catch (error) {
      if (error instanceof BranchlineError && error.code === 'unauthenticated')
        await recordAudit(
          deps,
          { actor: 'anonymous', role: 'none', via: 'session' },
          { action: 'session.sign_in_failed', target: body.username.trim().slice(0, 100), outcome: 'failed' },
        );
      throw error;
    }
    const { token, session } = await deps.sessions.open(operator.username);
    setSessionCookie(c, token, deps.secureCookies, deps.sessions.ttlMs);
    await recordAudit(
      deps,
      { actor: operator.username, role: operator.role, via: 'session' },
      {
        action: 'session.signed_in',
        target: operator.username,
        outcome: 'ok',
        detail: { client: body.wantToken ? 'cli' : 'browser', expiresAt: session.expiresAt.toISOString() },
      },
    );
    return c.json({
      operator: { username: operator.username, displayName: operator.displayName, role: operator.role },
      role: operator.role,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      ...(body.wantToken ? { token } : {}),
    });
  });

  app.post('/sign-out', requireRole('viewer'), async (c) => {
    const principal = principalOf(c);
    if (!principal.session)
      throw new BranchlineError(
        'failed_precondition',
        'the admin token is not a session; there is nothing to sign out of',
      );
    await deps.sessions.close(principal.session.id);
    clearSessionCookie(c, deps.secureCookies);
    await recordAudit(deps, principal, {
      action: 'session.signed_out',
      target: principal.actor,
      outcome: 'ok',
    });
    return c.json({ ok: true });
  });

  // The dashboard asks on load: who is signed in, and the CSRF token its changes must carry.
  app.get('/me', requireRole('viewer'), (c) => {
    const principal = principalOf(c);
    return c.json({
      operator: operatorView(principal),
      role: principal.role,
      via: principal.via,
      csrfToken: principal.session?.csrfToken ?? null,
      expiresAt: principal.session?.expiresAt.toISOString() ?? null,
    });
  });

  return app;
}

import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '@branchline/shared';
import { BranchlineError } from '@branchline/shared';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  type AuditEntry,
  type AuditLog,
  atLeast,
  type OperatorAccounts,
  type OperatorSession,
  type OperatorSessions,
  type Role,
} from '../operators/index.js';

/** The dashboard's session cookie: HttpOnly, SameSite=Strict, path `/`, Secure unless turned off. */
export const sessionCookie = 'bl_ops';
/** The header a cookie session sends its CSRF token in, on every POST, PUT, PATCH and DELETE. */
export const csrfHeader = 'x-csrf-token';

export interface Principal {
  /** The operator's username, or `admin-token`. */
  actor: string;
  displayName: string;
  role: Role;
  via: 'session' | 'token';
  /** Absent for the admin token. */
  session?: OperatorSession;
  /** Signed in by the cookie: changes must carry the CSRF header. */
  cookie: boolean;
}

/** What an audited handler may add: a more precise action, target or detail, or several entries. */
export interface AuditNote {
  action?: string;
  target?: string;
  detail?: Record<string, unknown>;
}

export type OperatorEnv = {
  Variables: {
    principal: Principal | undefined;
    /** Why credentials that came with the request were not accepted. */
    authProblem: string | undefined;
    /** Set by `audited` for its handler. */
    auditNotes: AuditNote[] | undefined;
  };
};

export interface OperatorAuthDeps {
  adminToken: string;
  accounts: Pick<OperatorAccounts, 'get'>;
  sessions: Pick<OperatorSessions, 'find'>;
  audit: Pick<AuditLog, 'record'>;
  log: Logger;
  secureCookies: boolean;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function sessionPrincipal(
  deps: OperatorAuthDeps,
  token: string,
  cookie: boolean,
): Promise<Principal | undefined> {
  let session: Awaited<ReturnType<OperatorAuthDeps['sessions']['find']>>;
  let operator: Awaited<ReturnType<OperatorAuthDeps['accounts']['get']>> | undefined;
  try {
    session = await deps.sessions.find(token);
    // The account is read on every request, so a new role or a disabled account counts at once.
    operator = session ? await deps.accounts.get(session.username) : undefined;
  } catch (error) {
    // Sessions and accounts live in NATS: without it no one can be recognized, for now.
    throw new BranchlineError(
      'unavailable',
      `sessions cannot be checked: ${(error as Error).message}; try again shortly`,
      true,
      { cause: error },
    );
  }
  if (!session || !operator || operator.disabled) return undefined;
  return {
    actor: operator.username,
    displayName: operator.displayName,
    role: operator.role,
    via: 'session',
    session,
    cookie,
  };
}

/**
 * Finds out who is asking: `Authorization: Bearer <admin token>` (automation and bootstrap),
 * `Authorization: Bearer <session token>` (the CLI after `branchline login`), or the `bl_ops`
 * cookie (the dashboard). Lets every request through; `requireRole` decides.
 */
export function authenticate(deps: OperatorAuthDeps): MiddlewareHandler<OperatorEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
      if (sameSecret(token, deps.adminToken)) {
        c.set('principal', {
          actor: 'admin-token',
          displayName: 'Admin token',
          role: 'admin',
          via: 'token',
          cookie: false,
        });
      } else {
        const principal = token ? await sessionPrincipal(deps, token, false) : undefined;
        c.set('principal', principal);
        if (!principal)
          c.set(
            'authProblem',
            'the bearer token is neither the admin token nor a live session (sign in again: branchline login)',
          );
      }
    } else {
      const token = getCookie(c, sessionCookie);
      const principal = token ? await sessionPrincipal(deps, token, true) : undefined;
      c.set('principal', principal);
      if (token && !principal) c.set('authProblem', 'the session has ended; sign in again');
    }
    await next();
  };
}

/** The request's principal when it may act as `needed`; 401 without one, 403 when its role is lower. */
function admit(c: Context<OperatorEnv>, needed: Role): Principal {
  const principal = c.get('principal');
  if (!principal)
    throw new BranchlineError(
      'unauthenticated',
      c.get('authProblem') ?? 'sign in, or send Authorization: Bearer <session token or admin token>',
    );
  // Browsers send the cookie on their own; another site cannot read the CSRF token to add it.
  if (
    principal.cookie &&
    unsafe.has(c.req.method) &&
    !sameSecret(c.req.header(csrfHeader) ?? '', principal.session?.csrfToken ?? '')
  )
    throw new BranchlineError(
      'forbidden',
      `missing or wrong CSRF token: send the ${csrfHeader} header that sign-in and /v1/auth/me return`,
    );
  if (!atLeast(principal.role, needed))
    throw new BranchlineError('forbidden', `needs the ${needed} role; you are ${principal.role}`);
  return principal;
}

/** The principal `requireRole` or `audited` admitted. */
export function principalOf(c: Context<OperatorEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new BranchlineError('unauthenticated', 'sign in first');
  return principal;
}

export function requireRole(needed: Role): MiddlewareHandler<OperatorEnv> {
  return async (c, next) => {
    admit(c, needed);
    await next();
  };
}

/** Writes an entry for this request's principal; a failure to write is logged, not thrown. */
export async function recordAudit(
  deps: Pick<OperatorAuthDeps, 'audit' | 'log'>,
  principal: Pick<AuditEntry, 'actor' | 'role' | 'via'>,
  entry: Pick<AuditEntry, 'action' | 'target' | 'outcome'> & { detail?: Record<string, unknown> },
): Promise<void> {
  try {
    await deps.audit.record({ actor: principal.actor, role: principal.role, via: principal.via, ...entry });
  } catch (error) {
    deps.log.error(
      {
        err: error,
        action: entry.action,
        actor: principal.actor,
        target: entry.target,
        outcome: entry.outcome,
      },
      'could not write the audit entry',
    );
  }
}

/** Records a change the request's principal made, for a handler not wrapped in `audited`. */
export async function recordChange(
  deps: Pick<OperatorAuthDeps, 'audit' | 'log'>,
  c: Context<OperatorEnv>,
  action: string,
  target: string,
  detail?: unknown,
): Promise<void> {
  await recordAudit(deps, principalOf(c), {
    action,
    target,
    outcome: 'ok',
    ...(detail === undefined
      ? {}
      : {
          detail:
            typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : { detail },
        }),
  });
}

/** Adds an entry (or a more precise one) to what the surrounding `audited` records on success. */
export function noteAudit(c: Context<OperatorEnv>, note: AuditNote): void {
  // Outside `audited` there is no list, and nothing would record the note.
  c.get('auditNotes')?.push(note);
}

/**
 * A change only `needed` and above may make, recorded in the audit log whatever happens: `denied`
 * when the role is too low (or the CSRF token is wrong), `failed` when the handler answers with an
 * error, `ok` otherwise (with what the handler noted). Requests without a principal (401) are not
 * recorded: there is no one to attribute them to.
 */
export function audited(
  deps: Pick<OperatorAuthDeps, 'audit' | 'log'>,
  needed: Role,
  action: string,
  target: (c: Context<OperatorEnv>) => string = () => '',
): MiddlewareHandler<OperatorEnv> {
  return async (c, next) => {
    try {
      admit(c, needed);
    } catch (error) {
      const principal = c.get('principal');
      if (principal && error instanceof BranchlineError && error.code === 'forbidden')
        await recordAudit(deps, principal, {
          action,
          target: target(c),
          outcome: 'denied',
          detail: { needed, reason: error.message },
        });
      throw error;
    }
    const principal = principalOf(c);
    c.set('auditNotes', []);
    await next();
    if (c.error !== undefined || c.res.status >= 400) {
      const code = c.error instanceof BranchlineError ? c.error.code : 'internal';
      await recordAudit(deps, principal, {
        action,
        target: target(c),
        outcome: 'failed',
        detail: { status: c.res.status, error: code },
      });
      return;
    }
    const notes = c.get('auditNotes') ?? [];
    for (const note of notes.length > 0 ? notes : [{}]) {
      await recordAudit(deps, principal, {
        action: note.action ?? action,
        target: note.target ?? target(c),
        outcome: 'ok',
        ...(note.detail ? { detail: note.detail } : {}),
      });
    }
  };
}

export function setSessionCookie(c: Context, token: string, secure: boolean, maxAgeMs: number): void {
  setCookie(c, sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookie, { path: '/', secure });
}

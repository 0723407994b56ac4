import { BranchlineError } from '@branchline/shared';
import { type AuditEntry, type OperatorProfile, parseRole } from '../operators/index.js';
import { type ApiClient, apiClient, coreUrl } from './api-client.js';
import { type Output, table } from './commands.js';
import { readPassword } from './password-input.js';
import { forgetSession, saveSession, sessionFilePath } from './session-file.js';

const path = (username: string) => `/v1/operators/${encodeURIComponent(username)}`;
const describe = (o: OperatorProfile) =>
  `${o.username} (${o.displayName}): ${o.role}${o.disabled ? ', disabled' : ''}`;

/** `branchline operators add USERNAME --role ROLE [--name "Display"]` */
export async function addOperator(
  api: ApiClient,
  io: Output,
  options: { username: string; role: string; name?: string; json: boolean; env: NodeJS.ProcessEnv },
): Promise<void> {
  const role = parseRole(options.role);
  const password = await readPassword(options.env, { confirm: true });
  const { operator } = await api.post<{ operator: OperatorProfile }>('/v1/operators', {
    username: options.username,
    role,
    password,
    ...(options.name ? { displayName: options.name } : {}),
  });
  io.out(options.json ? JSON.stringify(operator) : `created ${describe(operator)}`);
}

export async function listOperators(api: ApiClient, io: Output, options: { json: boolean }): Promise<void> {
  const { operators } = await api.get<{ operators: OperatorProfile[] }>('/v1/operators');
  if (options.json) return io.out(JSON.stringify(operators, null, 2));
  if (operators.length === 0)
    return io.out('No operators yet. Add one with `branchline operators add USERNAME --role admin`.');
  io.out(
    table([
      ['USERNAME', 'NAME', 'ROLE', 'STATUS', 'UPDATED'],
      ...operators.map((o) => [
        o.username,
        o.displayName,
        o.role,
        o.disabled ? 'disabled' : 'enabled',
        o.updatedAt,
      ]),
    ]),
  );
}

/** `operators role`, `operators disable`, `operators enable`, `operators password`. */
export async function changeOperator(
  api: ApiClient,
  io: Output,
  options: {
    username: string;
    changes: { role?: string; disabled?: boolean; password?: true };
    json: boolean;
    env: NodeJS.ProcessEnv;
  },
): Promise<void> {
  const body: Record<string, unknown> = {};
  if (options.changes.role !== undefined) body.role = parseRole(options.changes.role);
  if (options.changes.disabled !== undefined) body.disabled = options.changes.disabled;
  if (options.changes.password) body.password = await readPassword(options.env, { confirm: true });
  const { operator } = await api.patch<{ operator: OperatorProfile }>(path(options.username), body);
  io.out(options.json ? JSON.stringify(operator) : describe(operator));
}

interface SignedIn {
  operator: { username: string; displayName: string; role: string };
  expiresAt: string;
  token?: string;
}

/** `branchline login USERNAME`: signs in and keeps the session token for this core (mode 600). */
export async function login(
  env: NodeJS.ProcessEnv,
  io: Output,
  options: { username: string; json: boolean },
): Promise<void> {
  const password = await readPassword(env, { confirm: false });
  const signedIn = await apiClient(env, null).post<SignedIn>('/v1/auth/sign-in', {
    username: options.username,
    password,
    wantToken: true,
  });
  if (!signedIn.token) throw new BranchlineError('internal', 'the core did not return a session token');
  saveSession(env, {
    coreUrl: coreUrl(env),
    username: signedIn.operator.username,
    role: signedIn.operator.role,
    token: signedIn.token,
    expiresAt: signedIn.expiresAt,
  });
  const { token: _token, ...shown } = signedIn;
  io.out(
    options.json
      ? JSON.stringify(shown)
      : `signed in to ${coreUrl(env)} as ${signedIn.operator.username} (${signedIn.operator.role}) until ${signedIn.expiresAt}; session in ${sessionFilePath(env)}`,
  );
}

/** `branchline logout`: ends the session on the core and forgets it here, even if the core already had. */
export async function logout(env: NodeJS.ProcessEnv, io: Output): Promise<void> {
  const session = forgetSession(env, coreUrl(env));
  if (!session) return io.out(`not signed in to ${coreUrl(env)}`);
  try {
    await apiClient(env, session.token).post('/v1/auth/sign-out', {});
  } catch (error) {
    // An expired or revoked session is as signed out as can be.
    if (!(error instanceof BranchlineError && error.code === 'unauthenticated')) throw error;
  }
  io.out(`signed out of ${coreUrl(env)} (${session.username})`);
}

/** `branchline audit [--limit N] [--actor X] [--action prefix] [--since ISO]` */
export async function showAudit(
  api: ApiClient,
  io: Output,
  options: { limit?: string; actor?: string; action?: string; since?: string; json: boolean },
): Promise<void> {
  const query = new URLSearchParams();
  if (options.limit) query.set('limit', options.limit);
  if (options.actor) query.set('actor', options.actor);
  if (options.action) query.set('action', options.action);
  if (options.since) query.set('since', options.since);
  const { entries } = await api.get<{ entries: AuditEntry[] }>(`/v1/audit${query.size ? `?${query}` : ''}`);
  if (options.json) return io.out(JSON.stringify(entries, null, 2));
  if (entries.length === 0) return io.out('No audit entries match.');
  io.out(
    table([
      ['AT', 'ACTOR', 'ROLE', 'VIA', 'ACTION', 'TARGET', 'OUTCOME'],
      ...entries.map((e) => [e.at, e.actor, e.role, e.via, e.action, e.target, e.outcome]),
    ]),
  );
}

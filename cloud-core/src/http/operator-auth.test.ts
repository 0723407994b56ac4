import { BranchlineError, createLogger, errorHandler } from '@branchline/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { NewAuditEntry, OperatorProfile, OperatorSession, Role } from '../operators/index.js';
import { audited, authenticate, noteAudit, type OperatorEnv, requireRole } from './operator-auth.js';

const adminToken = 'a'.repeat(32);

function setup(operators: Record<string, { role: Role; disabled?: boolean }>) {
  const recorded: NewAuditEntry[] = [];
  const sessions = new Map<string, OperatorSession>(
    Object.keys(operators).map((username) => [
      `token-of-${username}`,
      {
        id: `id-of-${username}`,
        username,
        csrfToken: `csrf-of-${username}`,
        expiresAt: new Date(Date.now() + 60_000),
      },
    ]),
  );
  const deps = {
    adminToken,
    secureCookies: true,
    log: createLogger('test', { level: 'silent' }),
    accounts: {
      get: async (username: string): Promise<OperatorProfile | undefined> => {
        const found = operators[username];
        return found
          ? {
              username,
              displayName: username,
              role: found.role,
              disabled: found.disabled ?? false,
              createdAt: '',
              updatedAt: '',
            }
          : undefined;
      },
    },
    sessions: { find: async (token: string) => sessions.get(token) },
    audit: {
      record: async (entry: NewAuditEntry) => {
        recorded.push(entry);
        return { id: '', at: '', detail: {}, ...entry };
      },
    },
  };
  const app = new Hono<OperatorEnv>();
  app.onError(errorHandler(deps.log));
  app.use('*', authenticate(deps));
  app.get('/fleet', requireRole('viewer'), (c) => c.json({ actor: c.get('principal')?.actor }));
  app.post(
    '/deploy/:version',
    audited(deps, 'operator', 'bundle.deployed', (c) => c.req.param('version') ?? ''),
    (c) => {
      if (c.req.param('version') === 'missing') throw new BranchlineError('not_found', 'no bundle missing');
      noteAudit(c, { detail: { edges: ['north'] } });
      return c.json({ ok: true });
    },
  );
  return { app, recorded };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cookie = (username: string) => ({ cookie: `bl_ops=token-of-${username}` });

describe('operator auth', () => {
  it('takes the admin token, a session token, or the session cookie', async () => {
    const { app } = setup({ 'li.ops': { role: 'operator' } });
    expect(await (await app.request('/fleet', { headers: bearer(adminToken) })).json()).toEqual({
      actor: 'admin-token',
    });
    expect(await (await app.request('/fleet', { headers: bearer('token-of-li.ops') })).json()).toEqual({
      actor: 'li.ops',
    });
    expect(await (await app.request('/fleet', { headers: cookie('li.ops') })).json()).toEqual({
      actor: 'li.ops',
    });
    const wrong = await app.request('/fleet', { headers: bearer('b'.repeat(32)) });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(
      /neither the admin token/,
    );
    expect((await app.request('/fleet')).status).toBe(401);
  });

  it('refuses a disabled operator as if signed out', async () => {
    const { app } = setup({ 'vi.ewer': { role: 'viewer', disabled: true } });
    expect((await app.request('/fleet', { headers: cookie('vi.ewer') })).status).toBe(401);
  });

  it('needs the CSRF header for a change by cookie, not by bearer token', async () => {
    const { app, recorded } = setup({ 'li.ops': { role: 'operator' } });
    const noHeader = await app.request('/deploy/n1', { method: 'POST', headers: cookie('li.ops') });
    expect(noHeader.status).toBe(403);
    expect(recorded.at(-1)).toMatchObject({ actor: 'li.ops', action: 'bundle.deployed', outcome: 'denied' });
    const withHeader = await app.request('/deploy/n1', {
      method: 'POST',
      headers: { ...cookie('li.ops'), 'x-csrf-token': 'csrf-of-li.ops' },
    });
    expect(withHeader.status).toBe(200);
    expect(
      (await app.request('/deploy/n1', { method: 'POST', headers: bearer('token-of-li.ops') })).status,
    ).toBe(200);
  });

  it('records a change as ok, failed or denied with who made it', async () => {
    const { app, recorded } = setup({ 'li.ops': { role: 'operator' }, 'vi.ewer': { role: 'viewer' } });
    await app.request('/deploy/n1', { method: 'POST', headers: bearer('token-of-li.ops') });
    await app.request('/deploy/missing', { method: 'POST', headers: bearer('token-of-li.ops') });
    const denied = await app.request('/deploy/n1', { method: 'POST', headers: bearer('token-of-vi.ewer') });
    expect(((await denied.json()) as { error: unknown }).error).toEqual({
      code: 'forbidden',
      message: 'needs the operator role; you are viewer',
    });
    expect(recorded.map((e) => [e.actor, e.role, e.via, e.target, e.outcome, e.detail])).toEqual([
      ['li.ops', 'operator', 'session', 'n1', 'ok', { edges: ['north'] }],
      ['li.ops', 'operator', 'session', 'missing', 'failed', { status: 404, error: 'not_found' }],
      [
        'vi.ewer',
        'viewer',
        'session',
        'n1',
        'denied',
        { needed: 'operator', reason: 'needs the operator role; you are viewer' },
      ],
    ]);
  });
});

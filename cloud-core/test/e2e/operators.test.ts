import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startTestStack, type TestStack } from '@branchline/shared/process';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Operator sign-in with roles and the audit log, against a real nats-server and a real core
 * process: the dashboard's path (cookie + CSRF header), the CLI's (bearer session token, stored
 * by `branchline login`) and automation's (the admin token).
 */
let stack: TestStack;
let nc: NatsConnection;
const passwords = {
  'ops.root': 'root-password-0001',
  'li.ops': 'operator-password-0002',
  'vi.ewer': 'viewer-password-0003',
};
type Username = keyof typeof passwords;
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies, checked by the assertions themselves
type Json = Record<string, any>;

beforeAll(async () => {
  stack = await startTestStack('bl-operators');
  nc = await connect({ servers: stack.nats.url });
});

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
});

interface Call {
  token?: string;
  cookie?: string;
  csrf?: string;
  body?: unknown;
}

async function call(method: string, path: string, options: Call = {}) {
  const response = await fetch(`${stack.core.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.csrf ? { 'x-csrf-token': options.csrf } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as Json,
    setCookie: response.headers.getSetCookie(),
  };
}

const admin = (method: string, path: string, body?: unknown) =>
  call(method, path, { token: stack.core.adminToken(), ...(body === undefined ? {} : { body }) });

/** Signs in as the dashboard does: the session is in the cookie, the CSRF token in the body. */
async function signIn(username: Username) {
  const signedIn = await call('POST', '/v1/auth/sign-in', {
    body: { username, password: passwords[username] },
  });
  expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
  const cookie = signedIn.setCookie.find((c) => c.startsWith('bl_ops='))?.split(';')[0] ?? '';
  return { cookie, csrf: signedIn.body.csrfToken as string, raw: signedIn };
}

async function audit(query: string) {
  const listed = await admin('GET', `/v1/audit?${query}`);
  expect(listed.status).toBe(200);
  return listed.body.entries as Json[];
}

function branchline(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'cloud-core/bin/branchline.js'), ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('operator sign-in, roles and the audit log', () => {
  it('lets the admin token create the first operators, and keeps only argon2id hashes', async () => {
    for (const [username, role] of [
      ['ops.root', 'admin'],
      ['li.ops', 'operator'],
      ['vi.ewer', 'viewer'],
    ] as const) {
      const created = await admin('POST', '/v1/operators', { username, role, password: passwords[username] });
      expect(created.status).toBe(201);
      expect(created.body.operator).toMatchObject({ username, role, disabled: false });
      expect(created.body.operator.passwordHash).toBeUndefined();
    }
    expect(
      (await admin('POST', '/v1/operators', { username: 'li.ops', role: 'viewer', password: 'x'.repeat(12) }))
        .status,
    ).toBe(409);
    const short = await admin('POST', '/v1/operators', {
      username: 'new.one',
      role: 'viewer',
      password: 'short',
    });
    expect(short.body.error).toEqual({
      code: 'invalid_argument',
      message: 'password: use at least 12 characters',
    });
    expect(
      (
        await admin('POST', '/v1/operators', {
          username: 'admin-token',
          role: 'admin',
          password: 'x'.repeat(12),
        })
      ).status,
    ).toBe(400);

    const listed = await admin('GET', '/v1/operators');
    expect(listed.body.operators.map((o: { username: string }) => o.username)).toEqual([
      'li.ops',
      'ops.root',
      'vi.ewer',
    ]);

    const kv = await new Kvm(nc).open('bl_operators');
    const stored = (await kv.get('ops.root'))?.string() ?? '';
    expect(JSON.parse(stored).passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain(passwords['ops.root']);
    // Sessions last 12 hours by default: the bucket's max age, checked again on every read.
    const sessions = await (await jetstreamManager(nc)).streams.info('KV_bl_operator_sessions');
    expect(sessions.config.max_age).toBe(12 * 3600 * 1e9);
  });

  it('signs in with an HttpOnly SameSite=Strict cookie, and needs the CSRF header for changes', async () => {
    const { cookie, csrf, raw } = await signIn('ops.root');
    const setCookie = raw.setCookie.find((c) => c.startsWith('bl_ops=')) ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Secure/);
    expect(raw.body.token).toBeUndefined();
    expect(raw.body.operator).toEqual({ username: 'ops.root', displayName: 'ops.root', role: 'admin' });

    const me = await call('GET', '/v1/auth/me', { cookie });
    expect(me.body).toMatchObject({
      operator: { username: 'ops.root', role: 'admin' },
      role: 'admin',
      csrfToken: csrf,
    });

    const body = { edgeId: 'east' };
    const noCsrf = await call('POST', '/v1/fleet/enrollment-tokens', { cookie, body });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.message).toMatch(/CSRF/);
    const withCsrf = await call('POST', '/v1/fleet/enrollment-tokens', { cookie, csrf, body });
    expect(withCsrf.status).toBe(201);
    const [entry] = await audit('action=enrollment_token.created&actor=ops.root');
    expect(entry).toMatchObject({
      actor: 'ops.root',
      role: 'admin',
      via: 'session',
      target: 'east',
      outcome: 'ok',
    });
    expect(JSON.stringify(entry)).not.toContain(withCsrf.body.token);
  });

  it('lets a viewer read the fleet but not deploy, and audits the refusal', async () => {
    const { cookie, csrf } = await signIn('vi.ewer');
    expect((await call('GET', '/v1/fleet/edges', { cookie })).status).toBe(200);
    expect((await call('GET', '/v1/config/bundles', { cookie })).status).toBe(200);
    expect((await call('GET', '/v1/fleet/edges')).status).toBe(401);
    expect((await call('GET', '/v1/fleet/ca')).status).toBe(200);

    const deploy = await call('POST', '/v1/config/deploy', { cookie, csrf, body: { version: 'default' } });
    expect(deploy.status).toBe(403);
    expect(deploy.body.error).toEqual({
      code: 'forbidden',
      message: 'needs the operator role; you are viewer',
    });
    expect((await call('GET', '/v1/audit', { cookie })).status).toBe(403);
    const [denied] = await audit('action=bundle.deployed');
    expect(denied).toMatchObject({ actor: 'vi.ewer', role: 'viewer', outcome: 'denied' });
  });

  it('lets an operator push a bundle but not create enrollment tokens', async () => {
    const { cookie, csrf } = await signIn('li.ops');
    const pushed = await call('PUT', '/v1/config/bundles/ops-1', {
      cookie,
      csrf,
      body: { description: 'ops 1' },
    });
    expect(pushed.status).toBe(201);
    const refused = await call('POST', '/v1/fleet/enrollment-tokens', {
      cookie,
      csrf,
      body: { edgeId: 'west' },
    });
    expect(refused.body.error.message).toBe('needs the admin role; you are operator');
    const [stored] = await audit('action=bundle.stored');
    expect(stored).toMatchObject({ actor: 'li.ops', via: 'session', target: 'ops-1', outcome: 'ok' });
    const failed = await call('PUT', '/v1/config/bundles/broken', {
      cookie,
      csrf,
      body: { capacity: { aiSlots: 0 } },
    });
    expect(failed.status).toBe(400);
    expect((await audit('action=bundle.stored'))[0]).toMatchObject({ target: 'broken', outcome: 'failed' });

    // The next request already sees a new role, on the same cookie.
    expect((await admin('PATCH', '/v1/operators/li.ops', { role: 'viewer' })).status).toBe(200);
    const demoted = await call('PUT', '/v1/config/bundles/ops-2', { cookie, csrf, body: {} });
    expect(demoted.status).toBe(403);
    await admin('PATCH', '/v1/operators/li.ops', { role: 'operator' });
    expect((await call('PUT', '/v1/config/bundles/ops-2', { cookie, csrf, body: {} })).status).toBe(201);
    const changes = await audit('action=operator.role_changed');
    expect(changes.map((e) => e.detail)).toEqual([
      { from: 'viewer', to: 'operator' },
      { from: 'operator', to: 'viewer' },
    ]);
    expect(changes[0]).toMatchObject({ actor: 'admin-token', role: 'admin', via: 'token', target: 'li.ops' });
  });

  it('keeps the last enabled admin', async () => {
    const demote = await admin('PATCH', '/v1/operators/ops.root', { role: 'operator' });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toEqual({
      code: 'failed_precondition',
      message: 'ops.root is the last enabled admin; make another operator admin first',
    });
    expect((await admin('PATCH', '/v1/operators/ops.root', { disabled: true })).status).toBe(409);
    expect((await audit('actor=admin-token&action=operator.updated'))[0]).toMatchObject({
      outcome: 'failed',
    });
  });

  it('answers a wrong password and an unknown user alike, and audits both', async () => {
    const wrong = await call('POST', '/v1/auth/sign-in', {
      body: { username: 'li.ops', password: 'not-it-at-all' },
    });
    const unknown = await call('POST', '/v1/auth/sign-in', {
      body: { username: 'no.one', password: 'not-it-at-all' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.message).toBe('wrong username or password');
    const failures = await audit('action=session.sign_in_failed');
    expect(failures.map((e) => [e.actor, e.target])).toEqual([
      ['anonymous', 'no.one'],
      ['anonymous', 'li.ops'],
    ]);
  });

  it('ends a session on sign-out, and every session of a disabled operator at once', async () => {
    const root = await signIn('ops.root');
    const out = await call('POST', '/v1/auth/sign-out', { cookie: root.cookie, csrf: root.csrf });
    expect(out.status).toBe(200);
    expect(out.setCookie.find((c) => c.startsWith('bl_ops='))).toMatch(/Max-Age=0/);
    expect((await call('GET', '/v1/auth/me', { cookie: root.cookie })).status).toBe(401);

    const viewer = await signIn('vi.ewer');
    await admin('PATCH', '/v1/operators/vi.ewer', { disabled: true });
    expect((await call('GET', '/v1/fleet/edges', { cookie: viewer.cookie })).status).toBe(401);
    const again = await call('POST', '/v1/auth/sign-in', {
      body: { username: 'vi.ewer', password: passwords['vi.ewer'] },
    });
    expect(again.body.error.message).toBe('wrong username or password');
    await admin('PATCH', '/v1/operators/vi.ewer', { disabled: false });
    expect((await call('GET', '/v1/fleet/edges', { cookie: viewer.cookie })).status).toBe(401);
  });

  it('signs the CLI in with `branchline login`, and `audit` shows what it did', async () => {
    const xdg = join(stack.dir, 'xdg');
    const env = {
      ...process.env,
      BRANCHLINE_CORE_URL: stack.core.url,
      BRANCHLINE_CORE_DATA_DIR: join(stack.dir, 'no-core-here'),
      BRANCHLINE_ADMIN_TOKEN: '',
      XDG_CONFIG_HOME: xdg,
    };
    // The password comes on standard input, never as an argument.
    const login = await branchline(['login', 'li.ops'], env, `${passwords['li.ops']}\n`);
    expect(login.stderr).toBe('');
    expect(login.stdout).toContain('as li.ops (operator)');
    const file = join(xdg, 'branchline', 'session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')).sessions[stack.core.url];
    expect(saved).toMatchObject({ coreUrl: stack.core.url, username: 'li.ops', role: 'operator' });

    // The stored token is a bearer credential: no cookie, so no CSRF header.
    const bearer = await call('PUT', '/v1/config/bundles/cli-0', { token: saved.token, body: {} });
    expect(bearer.status).toBe(201);
    mkdirSync(join(stack.dir, 'bundles'), { recursive: true });
    const bundleFile = join(stack.dir, 'bundles', 'cli-1.json');
    writeFileSync(bundleFile, JSON.stringify({ version: 'cli-1', description: 'from the CLI' }));
    expect((await branchline(['config', 'push', bundleFile], env)).stdout).toContain('stored bundle cli-1');

    const listed = await branchline(['audit', '--actor', 'li.ops', '--action', 'bundle', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const entries = JSON.parse(listed.stdout) as { target: string; via: string }[];
    expect(entries.map((e) => e.target).slice(0, 2)).toEqual(['cli-1', 'cli-0']);
    const table = await branchline(['audit', '--limit', '3'], env);
    expect(table.stdout.split('\n')[0]).toMatch(/^AT\s+ACTOR\s+ROLE\s+VIA\s+ACTION\s+TARGET\s+OUTCOME/);

    const notAdmin = await branchline(['operators', 'list'], env);
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain('forbidden: needs the admin role; you are operator');

    const added = await branchline(
      ['operators', 'add', 'new.viewer', '--role', 'viewer', '--name', 'New Viewer'],
      { ...env, BRANCHLINE_ADMIN_TOKEN: stack.core.adminToken() },
      'new-viewer-password\n',
    );
    expect(added.stdout).toContain('created new.viewer (New Viewer): viewer');

    const logout = await branchline(['logout'], env);
    expect(logout.stdout).toContain('signed out');
    expect(JSON.parse(readFileSync(file, 'utf8')).sessions).toEqual({});
    expect((await call('GET', '/v1/fleet/edges', { token: saved.token })).status).toBe(401);
    const after = await branchline(['audit'], env);
    expect(after.stderr).toContain('unauthenticated');
  });

  it('gives every entry an actor and keeps passwords and tokens out of the log', async () => {
    const entries = await audit('limit=1000');
    expect(entries.length).toBeGreaterThan(20);
    for (const entry of entries) {
      expect(entry.actor).toMatch(/\S/);
      expect(['ok', 'denied', 'failed']).toContain(entry.outcome);
    }
    const text = JSON.stringify(entries);
    for (const secret of [...Object.values(passwords), 'new-viewer-password', stack.core.adminToken()])
      expect(text).not.toContain(secret);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const since = new Date(times[2] ?? 0).toISOString();
    expect((await audit(`since=${encodeURIComponent(since)}`)).length).toBeLessThan(entries.length);
  });

  it('slows down password guessing from one address', async () => {
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++)
      status = (
        await call('POST', '/v1/auth/sign-in', { body: { username: 'li.ops', password: 'guess-guess' } })
      ).status;
    expect(status).toBe(429);
  });
});

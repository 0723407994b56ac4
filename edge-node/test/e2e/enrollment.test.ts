import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CoreProcess,
  createEnrollmentToken,
  freePort,
  type NatsServer,
  type ServiceProcess,
  startCoreProcess,
  startEdgeProcess,
  startNatsServer,
} from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface FleetEdge {
  id: string;
  name: string;
  labels: Record<string, string>;
  version: string;
  status: string;
  lastHeartbeatAt: string | null;
  eventsReceived: number;
}

const heartbeatMs = 300;
let dir: string;
let nats: NatsServer;
let core: CoreProcess;
let corePorts: Record<string, string>;
const edges: ServiceProcess[] = [];

async function fleet(): Promise<FleetEdge[]> {
  // A call that hangs must not outlast the test's own deadline: it is retried instead.
  const response = await fetch(`${core.url}/v1/fleet/edges`, {
    headers: { authorization: `Bearer ${core.adminToken()}` },
    signal: AbortSignal.timeout(5000),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { edges: FleetEdge[] }).edges;
}

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startCore() {
  core = await startCoreProcess(nats.url, join(dir, 'core'), {
    env: corePorts,
    logFile: join(dir, 'core.log'),
  });
}

function edge(name: string, token?: string) {
  return startEdgeProcess(core, {
    name,
    natsUrl: nats.url,
    dataDir: join(dir, name),
    ...(token ? { token } : {}),
    env: { BRANCHLINE_HEARTBEAT_INTERVAL_MS: String(heartbeatMs) },
    logFile: join(dir, `${name}.log`),
  }).then((proc) => {
    edges.push(proc);
    return proc;
  });
}

/** Starts an edge that must refuse to start; returns its exit code and output. */
async function refusedEdge(name: string, token: string): Promise<{ exitCode: unknown; output: string }> {
  const error = (await edge(name, token).then(
    () => {
      throw new Error(`${name} started although its token is bad`);
    },
    (e: unknown) => e,
  )) as { exitCode?: unknown; output?: string };
  return { exitCode: error.exitCode, output: error.output ?? '' };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-enroll-'));
  nats = await startNatsServer({ port: await freePort(), storeDir: join(dir, 'nats') });
  corePorts = {
    BRANCHLINE_CORE_HTTP_PORT: String(await freePort()),
    BRANCHLINE_CORE_GRPC_PORT: String(await freePort()),
    BRANCHLINE_CORE_ENROLL_PORT: String(await freePort()),
    BRANCHLINE_HEARTBEAT_INTERVAL_MS: String(heartbeatMs),
  };
  await startCore();
});

afterAll(async () => {
  for (const proc of edges) await proc.stop();
  await core?.process.stop();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('edge enrollment and the fleet view', () => {
  let northToken: string;

  it('enrolls an edge with a fresh token and shows it online with its labels and events', {
    timeout: 90_000,
  }, async () => {
    northToken = await createEnrollmentToken(core, {
      edgeId: 'north',
      name: 'North Branch',
      labels: 'region=north,size=m',
    });
    const north = await edge('north', northToken);
    expect(north.ready.edgeId).toBe('north');

    // On a loaded CI machine the first events can take a while; the edge's log says why if not.
    const listed = await eventually(
      async () => {
        const found = (await fleet()).find((e) => e.id === 'north');
        return found?.status === 'online' && found.eventsReceived >= 1 ? found : undefined;
      },
      'north online with its start event',
      40_000,
    ).catch((error: Error) => {
      const tail = (name: string) => readFileSync(join(dir, `${name}.log`), 'utf8').slice(-4000);
      throw new Error(`${error.message}\nedge log:\n${tail('north')}\ncore log:\n${tail('core')}`);
    });
    expect(listed.name).toBe('North Branch');
    expect(listed.labels).toEqual({ region: 'north', size: 'm' });
    expect(listed.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.parse(listed.lastHeartbeatAt ?? '')).toBeGreaterThan(Date.now() - 5000);
    // The private key never leaves the branch, and only its owner can read it.
    expect(statSync(join(dir, 'north', 'identity', 'edge.key.pem')).mode & 0o077).toBe(0);
  });

  it('refuses a token used once already, and the edge exits saying what to do', async () => {
    const { exitCode, output } = await refusedEdge('north-again', northToken);
    expect(exitCode).toBe(2);
    expect(output).toMatch(/already used/);
    expect(output).toMatch(/branchline token create/);
  });

  it('refuses an unknown token', async () => {
    const real = await createEnrollmentToken(core, { edgeId: 'ghost' });
    const [, , secret, pin] = real.split('.');
    const { exitCode, output } = await refusedEdge('ghost', `bl1.0123456789abcdef.${secret}.${pin}`);
    expect(exitCode).toBe(2);
    expect(output).toMatch(/unknown enrollment token/);
  });

  it('refuses an expired token', async () => {
    const token = await createEnrollmentToken(core, { edgeId: 'late', ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1300));
    const { exitCode, output } = await refusedEdge('late', token);
    expect(exitCode).toBe(2);
    expect(output).toMatch(/expired/);
  });

  it('refuses a malformed token before contacting the core', async () => {
    const { exitCode, output } = await refusedEdge('typo', 'bl1.not-a-token');
    expect(exitCode).toBe(2);
    expect(output).toMatch(/malformed/);
  });

  it('refuses to enroll with a core whose CA is not the one the token pins', async () => {
    const token = await createEnrollmentToken(core, { edgeId: 'pinned' });
    const forged = token.replace(/\.[0-9a-f]{64}$/, `.${'ab'.repeat(32)}`);
    const { exitCode, output } = await refusedEdge('pinned', forged);
    expect(exitCode).toBe(2);
    expect(output).toMatch(/does not present the CA this token pins/);
  });

  it('restarts with its stored identity and needs no token', async () => {
    const first = edges.find((e) => e.name === 'north');
    await first?.stop();
    const again = await edge('north');
    expect(again.ready.edgeId).toBe('north');
  });

  it('keeps serving while the core is down and reconnects when it is back', async () => {
    const north = edges.at(-1) as ServiceProcess<{ http: number }>;
    const status = async () =>
      (await (await fetch(`http://127.0.0.1:${north.ready.http}/v1/status`)).json()) as { core: string };
    await eventually(async () => ((await status()).core === 'connected' ? true : undefined), 'link up');

    await core.process.stop();
    await eventually(async () => ((await status()).core === 'disconnected' ? true : undefined), 'link down');
    expect((await fetch(`http://127.0.0.1:${north.ready.http}/healthz`)).status).toBe(200);

    await startCore();
    await eventually(async () => ((await status()).core === 'connected' ? true : undefined), 'link up again');
    const listed = await eventually(async () => {
      const found = (await fleet()).find((e) => e.id === 'north');
      return found?.status === 'online' ? found : undefined;
    }, 'north online again');
    expect(listed.id).toBe('north');
  });

  it('shows an edge that stopped sending heartbeats as stale, then offline', async () => {
    await edges.at(-1)?.stop();
    await eventually(
      async () => ((await fleet()).find((e) => e.id === 'north')?.status === 'stale' ? true : undefined),
      'stale',
    );
    await eventually(
      async () => ((await fleet()).find((e) => e.id === 'north')?.status === 'offline' ? true : undefined),
      'offline',
    );
  });
});

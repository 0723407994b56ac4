import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  createEnrollmentToken,
  type ServiceProcess,
  startCoreProcess,
  startEdgeProcess,
} from '@branchline/shared/process';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureBurstQueue } from '../../cloud-core/src/burst/index.js';
import { ensureStreams } from '../../cloud-core/src/nats/index.js';
import {
  deployDir,
  eventually,
  filesIn,
  type LocalNats,
  natsConfigEnv,
  startLocalNats,
  testNatsConfig,
} from './support/index.js';

const configDir = join(deployDir, 'nats');
const configs = filesIn(configDir, '.conf');
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'bl-nats-deploy-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the NATS configs (deploy/nats)', () => {
  it('are the hub node and the branch leaf', () => {
    expect(configs.map((f) => basename(f))).toEqual(['hub.conf', 'leaf-branch.conf']);
  });

  it.each(configs.map((f) => [basename(f), f]))(
    '%s passes nats-server -t with its documented env',
    (name, file) => {
      const env = natsConfigEnv[name];
      expect(env, `natsConfigEnv has no entry for ${name}`).toBeDefined();
      const result = testNatsConfig(file, env ?? {});
      expect(result.ok, result.output).toBe(true);
    },
  );
});

describe('nats-server -t catches', () => {
  it('a misspelt block', () => {
    const file = join(scratch, 'bad-key.conf');
    writeFileSync(
      file,
      readFileSync(join(configDir, 'hub.conf'), 'utf8').replace('jetstream {', 'jetstrem {'),
    );
    const result = testNatsConfig(file, { SERVER_NAME: 'nats-1' });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/unknown field "jetstrem"/);
  });

  it('a variable the environment does not set', () => {
    const result = testNatsConfig(join(configDir, 'leaf-branch.conf'), { BRANCH_DOMAIN: 'branch-north' });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/HUB_LEAF_URLS/);
  });
});

describe('the hub cluster and a branch server, started from deploy/nats', () => {
  let nats: LocalNats;
  const connections: NatsConnection[] = [];
  const open = async (servers: string | string[]) => {
    const nc = await connect({ servers, waitOnFirstConnect: true });
    connections.push(nc);
    return nc;
  };

  beforeAll(async () => {
    nats = await startLocalNats(configDir, scratch, 'branch-north');
  });
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.close()));
    await nats?.stop();
  });

  it('form one JetStream cluster of three in the domain "cloud" that keeps 3 replicas of a stream', async () => {
    const hub = await open(nats.hub);
    const jsm = await eventually(async () => {
      const m = await jetstreamManager(hub);
      await m.getAccountInfo();
      return m;
    });
    expect((await jsm.getAccountInfo()).domain).toBe('cloud');
    const stream = await eventually(() =>
      jsm.streams.add({ name: 'DEPLOY_R3', subjects: ['deploy.r3.>'], num_replicas: 3 }),
    );
    expect(stream.cluster?.replicas).toHaveLength(2);
  });

  it("take the core's streams and buckets with three copies each (BRANCHLINE_JETSTREAM_REPLICAS=3)", async () => {
    const hub = await open(nats.hub);
    const streams = await eventually(() => ensureStreams(hub, { sessionMs: 3_600_000, replicas: 3 }));
    await ensureBurstQueue(streams.jsm, 3);
    for (const name of [
      'BL_EVENTS',
      'BL_BURST',
      'KV_bl_edge_config',
      'KV_bl_operators',
      'OBJ_bl_artifacts',
    ]) {
      // A stream scaled up from one copy settles on its new peers a moment after the update.
      await eventually(async () => {
        const info = await streams.jsm.streams.info(name);
        expect(info.config.num_replicas, name).toBe(3);
        expect(info.cluster?.replicas, name).toHaveLength(2);
      });
    }
  });

  it('let a hub client create and use a stream in the branch domain, on the branch server', async () => {
    const hub = await open(nats.hub);
    // The leaf link is up once the branch server lists its connection to the hub.
    await eventually(async () => {
      const leafz = (await (await fetch(`${nats.leafMonitor}/leafz`)).json()) as { leafnodes: number };
      expect(leafz.leafnodes).toBe(1);
    });
    const branch = await eventually(async () => {
      const m = await jetstreamManager(hub, { domain: 'branch-north' });
      await m.getAccountInfo();
      return m;
    });
    expect((await branch.getAccountInfo()).domain).toBe('branch-north');
    await branch.streams.add({ name: 'BRANCH_LOCAL', subjects: ['branch.north.>'] });
    const ack = await jetstream(hub, { domain: 'branch-north' }).publish('branch.north.calls', 'hello');
    expect(ack).toMatchObject({ stream: 'BRANCH_LOCAL', domain: 'branch-north', seq: 1 });
  });

  it("carry a branch client's publish to a hub stream over the leaf link", async () => {
    const hub = await open(nats.hub);
    const jsm = await jetstreamManager(hub);
    await eventually(() =>
      jsm.streams.add({ name: 'DEPLOY_EVENTS', subjects: ['deploy.events.>'], num_replicas: 3 }),
    );
    const branchClient = await open(nats.leaf);
    // What the edge's outbox does (jetstream(nc) without a domain): the publish reaches the hub's stream.
    const ack = await eventually(() =>
      jetstream(branchClient, { timeout: 2000 }).publish('deploy.events.north', 'e1'),
    );
    expect(ack).toMatchObject({ stream: 'DEPLOY_EVENTS', domain: 'cloud' });
  });

  it('serve an edge that connects to its branch server with BRANCHLINE_JETSTREAM_DOMAIN=cloud', async () => {
    let core: Awaited<ReturnType<typeof startCoreProcess>> | undefined;
    let edge: ServiceProcess<{ edgeId: string; http: number }> | undefined;
    try {
      core = await startCoreProcess(nats.hub[0] ?? '', join(scratch, 'core'), {
        env: {
          BRANCHLINE_CORE_HTTP_PORT: '0',
          BRANCHLINE_CORE_GRPC_PORT: '0',
          BRANCHLINE_CORE_ENROLL_PORT: '0',
          // As on a real 3-node hub: the streams the test before made with 3 copies keep them.
          // (With 1, the core's start would scale every stream down while the edge uses them.)
          BRANCHLINE_JETSTREAM_REPLICAS: '3',
        },
        logFile: join(scratch, 'core.log'),
      });
      // On the branch server, the core's buckets are only found in the hub's domain.
      const branchClient = await open(nats.leaf);
      await expect(new Kvm(branchClient).open('bl_edge_config').then((kv) => kv.status())).rejects.toThrow();
      const kv = await new Kvm(jetstream(branchClient, { domain: 'cloud' })).open('bl_edge_config');
      expect((await kv.status()).bucket).toBe('bl_edge_config');

      const running = core;
      const admin = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${running.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${running.adminToken()}` },
          signal: AbortSignal.timeout(10_000),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      edge = await startEdgeProcess(core, {
        name: 'north',
        natsUrl: nats.leaf,
        dataDir: join(scratch, 'edge'),
        token: await createEnrollmentToken(core, { edgeId: 'north' }),
        env: { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'), BRANCHLINE_JETSTREAM_DOMAIN: 'cloud' },
        logFile: join(scratch, 'edge.log'),
      });
      const base = `http://127.0.0.1:${edge.ready.http}`;
      // Config down: the edge watches its key in the hub's KV through the leaf.
      expect((await admin('PUT', '/v1/config/bundles/leaf-1', { version: 'leaf-1' })).status).toBe(201);
      expect((await admin('POST', '/v1/config/deploy', { version: 'leaf-1', selector: '' })).status).toBe(
        200,
      );
      await eventually(async () => {
        const status = (await (
          await fetch(`${base}/v1/status`, { signal: AbortSignal.timeout(10_000) })
        ).json()) as { configVersion: string };
        expect(status.configVersion).toBe('leaf-1');
      });
      // A customer asks for a person the branch does not have: events go up, the overflow session
      // lands in the hub's bucket, and a central agent's accept reaches the edge and back.
      const created = (await (
        await fetch(`${base}/v1/conversations`, {
          method: 'POST',
          signal: AbortSignal.timeout(10_000),
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ locale: 'en' }),
        })
      ).json()) as { id: string };
      await fetch(`${base}/v1/conversations/${created.id}/messages`, {
        method: 'POST',
        signal: AbortSignal.timeout(20_000),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'I want to talk to a person' }),
      });
      await eventually(async () => {
        const sessions = (await admin('GET', '/v1/overflow/sessions')).body.sessions as {
          conversationId: string;
        }[];
        expect(sessions.map((s) => s.conversationId)).toContain(created.id);
      });
      expect((await admin('POST', `/v1/overflow/sessions/north/${created.id}/accept`)).status).toBe(200);
      const hubJsm = await jetstreamManager(await open(nats.hub));
      await eventually(async () => {
        const events = await hubJsm.streams.info('BL_EVENTS', { subjects_filter: 'bl.events.north.>' });
        expect(Object.keys(events.state.subjects ?? {}).length).toBeGreaterThan(0);
      });
    } catch (error) {
      // What the processes said is what tells a slow machine from a broken link.
      const tail = (name: string) => readFileSync(join(scratch, `${name}.log`), 'utf8').slice(-3000);
      throw new Error(`${(error as Error).message}\ncore log:\n${tail('core')}\nedge log:\n${tail('edge')}`);
    } finally {
      await edge?.stop();
      await core?.process.stop();
    }
  }, 120_000);
});

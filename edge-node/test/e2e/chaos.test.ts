import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CoreProcess,
  createEnrollmentToken,
  freePort,
  type NatsServer,
  type ServiceProcess,
  startBurstWorkerProcess,
  startCoreProcess,
  startEdgeProcess,
  startNatsServer,
} from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type MessagesApi, reply, startMessagesApi } from '../../../cloud-core/src/dev/messages-api/index.js';
import { eventually, readAllEvents } from '../support/events.js';

/**
 * Chaos under load: customers keep talking to an edge while the core, nats-server and a burst
 * worker are each killed (SIGKILL) and brought back. The edge must answer every message, lose or
 * duplicate no event (counted by id from the customer's side to the core's stream), and recover
 * within the times stated here.
 */
const recovery = {
  /** From the core's restart to the edge's first cloud answer again. */
  coreMs: 15_000,
  /** From nats-server's restart to the edge's outbox being empty again. */
  natsMs: 20_000,
};

let llm: MessagesApi;
let dir: string;
let natsPort: number;
let nats: NatsServer;
let core: CoreProcess;
let coreEnv: NodeJS.ProcessEnv;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
let base: string;
const workers: ServiceProcess<{ workerId: string }>[] = [];

const startCore = () => startCoreProcess(nats.url, join(dir, 'core'), { env: coreEnv });
const restartNats = () => startNatsServer({ port: natsPort, storeDir: join(dir, 'nats') });

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
type Status = {
  outboxBacklog: number;
  configVersion: string;
  burst: { available: boolean; answered: number };
};
const status = () => call<Status>('GET', '/v1/status');

beforeAll(async () => {
  // Every model call takes 300 ms, so cloud turns hold the edge's slots and overflow to burst.
  llm = await startMessagesApi({
    respond: () =>
      reply.text(['Thanks for asking; ', 'a colleague can go through the details with you.'], {
        delayMs: 150,
      }),
    record: false,
  });
  const llmEnv = {
    ANTHROPIC_API_KEY: 'chaos-key',
    ANTHROPIC_BASE_URL: llm.url,
    BRANCHLINE_LLM_MODEL: 'claude-sonnet-4-6',
  };
  dir = mkdtempSync(join(tmpdir(), 'bl-chaos-'));
  natsPort = await freePort();
  nats = await restartNats();
  coreEnv = {
    BRANCHLINE_CORE_HTTP_PORT: String(await freePort()),
    BRANCHLINE_CORE_GRPC_PORT: String(await freePort()),
    BRANCHLINE_CORE_ENROLL_PORT: String(await freePort()),
    BRANCHLINE_HEARTBEAT_INTERVAL_MS: '500',
    ...llmEnv,
  };
  core = await startCore();
  const token = await createEnrollmentToken(core, { edgeId: 'north', labels: { region: 'north' } });
  edge = await startEdgeProcess(core, {
    name: 'north',
    natsUrl: nats.url,
    dataDir: join(dir, 'edge'),
    token,
    env: {
      BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'),
      BRANCHLINE_RATE_LIMIT_PER_IP: '100000',
      BRANCHLINE_RATE_LIMIT_PER_CONVERSATION: '1000',
      BRANCHLINE_HEARTBEAT_INTERVAL_MS: '500',
    },
  });
  base = `http://127.0.0.1:${edge.ready.http}`;
  // Two AI slots: busy moments overflow to the burst workers.
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${core.adminToken()}` };
  const put = await fetch(`${core.url}/v1/config/bundles/chaos-1`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ version: 'chaos-1', capacity: { aiSlots: 2 } }),
  });
  expect(put.status).toBe(201);
  const deploy = await fetch(`${core.url}/v1/config/deploy`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ version: 'chaos-1', selector: '' }),
  });
  expect(deploy.status).toBe(200);
  for (const id of ['w1', 'w2']) workers.push(await startBurstWorkerProcess(nats.url, id, { env: llmEnv }));
  await eventually(status, (s) => s.configVersion === 'chaos-1' && s.burst.available, 20_000);
}, 120_000);

afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await edge?.stop();
  await core?.process.stop();
  await nats?.stop();
  await llm?.close();
  rmSync(dir, { recursive: true, force: true });
});

const questions = [
  { locale: 'en', text: 'Could you explain how a mortgage offset account works?' },
  { locale: 'zh-CN', text: '你们几点开门？' },
  { locale: 'en', text: 'What should I know before I refinance my car loan?' },
  { locale: 'zh-CN', text: '我想了解一下信用卡分期的手续费是怎么算的' },
  { locale: 'en', text: 'Hello' },
  { locale: 'en', text: 'How do overseas transfers work for students studying abroad?' },
] as const;

interface Load {
  conversations: number;
  answered: number;
  byRoute: Map<string, number>;
  failures: string[];
  /** When each reply by the cloud came back, to time the core's recovery. */
  cloudAt: number[];
  stop(): Promise<void>;
}

/** Four customers talking at once, each a new conversation every few turns. */
function startLoad(): Load {
  let running = true;
  const load: Load = {
    conversations: 0,
    answered: 0,
    byRoute: new Map(),
    failures: [],
    cloudAt: [],
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
  const loops = Array.from({ length: 4 }, async (_, n) => {
    let i = n;
    while (running) {
      const q = questions[i % questions.length] ?? questions[0];
      try {
        const { id } = await call<{ id: string }>('POST', '/v1/conversations', { locale: q.locale });
        load.conversations++;
        for (let turn = 0; turn < 3 && running; turn++, i++) {
          const next = questions[i % questions.length] ?? questions[0];
          // `reply: null`: a person holds the conversation (it was handed off); the turn still counts.
          const { reply } = await call<{ reply: { handledBy: string } | null }>(
            'POST',
            `/v1/conversations/${id}/messages`,
            { text: next.text },
          );
          const by = reply?.handledBy ?? 'with_agent';
          load.answered++;
          load.byRoute.set(by, (load.byRoute.get(by) ?? 0) + 1);
          if (by === 'cloud') load.cloudAt.push(Date.now());
        }
      } catch (error) {
        load.failures.push((error as Error).message);
        i++;
      }
    }
  });
  return load;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chaos under load', () => {
  it('keeps answering through core, NATS and worker crashes, and delivers every event exactly once', async () => {
    const load = startLoad();
    await pause(2000);

    // The core dies: local answers go on; cloud turns say they are unavailable until it is back.
    core.process.kill('SIGKILL');
    await core.process.exited;
    await pause(2000);
    const coreBack = Date.now();
    core = await startCore();
    await eventually(
      async () => load.cloudAt.filter((t) => t > coreBack).length,
      (n) => n > 0,
      recovery.coreMs,
    );
    const coreRecoveredMs = (load.cloudAt.find((t) => t > coreBack) ?? 0) - coreBack;

    // nats-server dies: events wait in the edge's outbox; turns go on (burst is skipped while it is down).
    await nats.kill();
    await pause(3000);
    const natsBack = Date.now();
    nats = await restartNats();
    await pause(1000);
    const answeredBefore = (await status()).burst.answered;

    // A burst worker dies mid-load: the other one carries on.
    await eventually(status, (s) => s.burst.available, 15_000);
    const burstBeforeKill = load.byRoute.get('burst') ?? 0;
    const [w1] = workers.splice(0, 1);
    w1?.kill('SIGKILL');
    await pause(4000);
    await load.stop();

    // Every customer message got a reply, whatever was down at the time.
    expect(load.failures).toEqual([]);
    expect(load.answered).toBeGreaterThan(20);
    expect(load.byRoute.get('local') ?? 0).toBeGreaterThan(0);
    expect(load.byRoute.get('cloud') ?? 0).toBeGreaterThan(0);
    expect(coreRecoveredMs).toBeLessThan(recovery.coreMs);

    // The outbox drains after NATS is back, in the stated time.
    await eventually(status, (s) => s.outboxBacklog === 0, recovery.natsMs);
    const natsRecoveredMs = Date.now() - natsBack;
    expect(natsRecoveredMs).toBeLessThan(recovery.natsMs);

    // Burst capacity took overflow before the kill and went on after it, on the worker left.
    expect(burstBeforeKill).toBeGreaterThan(0);
    expect(load.byRoute.get('burst') ?? 0).toBeGreaterThan(burstBeforeKill);
    expect((await status()).burst.answered).toBeGreaterThan(answeredBefore);

    // Counted by id end to end: one event per conversation and per answered turn, none twice.
    const events = await eventually(
      () => readAllEvents(nats.url),
      (all) => all.filter((e) => e.type === 'conversation.turn').length >= load.answered,
      20_000,
    );
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const turns = events.filter((e) => e.type === 'conversation.turn' && e.edgeId === 'north');
    expect(turns.length).toBe(load.answered);
    expect(new Set(turns.map((e) => e.data.turnId)).size).toBe(load.answered);
    expect(events.filter((e) => e.type === 'conversation.started').length).toBe(load.conversations);
    process.stderr.write(
      `[chaos] answered ${load.answered} turns in ${load.conversations} conversations (${[...load.byRoute]
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}); core recovered in ${coreRecoveredMs} ms, outbox drained ${natsRecoveredMs} ms after NATS restarted\n`,
    );
  }, 180_000);
});

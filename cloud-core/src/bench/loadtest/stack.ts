import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { burstConsumer, burstStream, closeNats, connectNats, createLogger } from '@branchline/shared';
import {
  createEnrollmentToken,
  repoRoot,
  type ServiceProcess,
  startBurstWorkerProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type MessagesApi, type ReplyFn, startMessagesApi } from '../../dev/messages-api/index.js';
import { burstPending, type EdgeStatus, edgeStatus } from './edge-api.js';

export interface LoadStackOptions {
  edges: number;
  aiSlots: number;
  workerConcurrency: number;
  /** Answers every model call of the core and the burst workers. */
  model: ReplyFn;
  say(line: string): void;
}

export interface LoadStack {
  edgeUrls: string[];
  llm: MessagesApi;
  /** Starts or stops burst worker processes until `count` run, and waits until every edge sees it. */
  setWorkers(count: number): Promise<void>;
  workers(): number;
  statuses(): Promise<EdgeStatus[]>;
  /** The burst work queue: turns no worker has taken yet, and turns workers are on; null before it exists. */
  burstQueue(): Promise<{ waiting: number; inProgress: number } | null>;
  /** Waits until no edge has an AI turn in hand, waiting for a slot, or out on burst capacity. */
  drain(timeoutMs: number): Promise<{ ms: number; complete: boolean }>;
  stop(): Promise<void>;
}

const cli = join(repoRoot, 'cloud-core/bin/branchline.js');
// Services log warnings only: per-turn info lines would cost CPU the load test is measuring.
const quiet = { BRANCHLINE_LOG_LEVEL: 'warn' };

/** Runs the operator CLI to completion; rejects with its output when it fails. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    const output: string[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output.join(''))
        : reject(new Error(`branchline ${args.join(' ')} failed:\n${output.join('')}`)),
    );
  });
}

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

async function adminCall(stack: TestStack, method: string, path: string, body: unknown) {
  const response = await fetch(`${stack.core.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.core.adminToken()}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/**
 * The all-in-one, as `npm start` runs it, with the load test's settings: nats-server, the core
 * (its Claude client pointed at the loopback Messages API), `edges` enrolled edges with demo
 * models, data and knowledge, and a bundle giving each `aiSlots`; burst workers come and go.
 */
export async function startLoadStack(options: LoadStackOptions): Promise<LoadStack> {
  const { say } = options;
  const modelsDir = join(repoRoot, '.branchline/test-models');
  say('training or loading the demo models (shared with `npm run eval` and the tests)');
  await runCli(['demo', 'models', '--out', modelsDir]);

  const llm = await startMessagesApi({ respond: options.model, record: false });
  const llmEnv = {
    ANTHROPIC_API_KEY: 'loadtest-key',
    ANTHROPIC_BASE_URL: llm.url,
    BRANCHLINE_LLM_MODEL: 'claude-sonnet-4-6',
  };
  say('starting nats-server and the core');
  const stack = await startTestStack('bl-loadtest', { ...llmEnv, ...quiet });
  const edges: ServiceProcess<{ edgeId: string; http: number }>[] = [];
  const workers: ServiceProcess<{ workerId: string }>[] = [];
  let workersStarted = 0;

  let nc: NatsConnection | undefined;
  const stop = async () => {
    if (nc) await closeNats(nc);
    await Promise.all(workers.splice(0).map((w) => w.stop(15_000)));
    await Promise.all(edges.splice(0).map((e) => e.stop()));
    await stack.stop();
    await llm.close();
  };

  try {
    nc = await connectNats(
      stack.nats.url,
      'branchline-loadtest',
      createLogger('loadtest', { level: 'warn' }),
    );
    const jsm = await jetstreamManager(nc);
    say('importing the demo knowledge base');
    await runCli(['kb', 'import', join(repoRoot, 'cloud-core/demo/knowledge')], {
      BRANCHLINE_CORE_URL: stack.core.url,
      BRANCHLINE_ADMIN_TOKEN: stack.core.adminToken(),
    });
    say(`starting ${options.edges} edge(s)`);
    for (let i = 1; i <= options.edges; i++) {
      const edgeId = `branch-${i}`;
      const token = await createEnrollmentToken(stack.core, { edgeId, labels: { region: `r${i}` } });
      edges.push(
        await startEdgeProcess(stack.core, {
          name: edgeId,
          natsUrl: stack.nats.url,
          dataDir: join(stack.dir, edgeId),
          token,
          env: {
            ...quiet,
            BRANCHLINE_EDGE_MODELS: modelsDir,
            BRANCHLINE_DEMO_DATA: 'true',
            // Every simulated customer comes from this one address.
            BRANCHLINE_RATE_LIMIT_PER_IP: '1000000',
          },
        }),
      );
    }
    const edgeUrls = edges.map((e) => `http://127.0.0.1:${e.ready.http}`);
    const statuses = () => Promise.all(edgeUrls.map(edgeStatus));

    const version = `loadtest-slots-${options.aiSlots}`;
    say(`deploying bundle ${version} (capacity.aiSlots ${options.aiSlots}) to every edge`);
    await adminCall(stack, 'PUT', `/v1/config/bundles/${version}`, {
      version,
      description: 'load test: the edges’ own AI slots',
      capacity: { aiSlots: options.aiSlots, maxHumanWaitMs: 60_000 },
    });
    await adminCall(stack, 'POST', '/v1/config/deploy', { version, selector: '' });
    await until(
      'every edge to run the bundle and hold the knowledge snapshot',
      statuses,
      (all) => all.every((s) => s.configVersion === version && s.knowledge.snapshotId && s.burst),
      60_000,
    );

    const waitForBurst = (available: boolean) =>
      until(
        `every edge to see burst capacity ${available ? 'up' : 'gone'}`,
        statuses,
        (all) => all.every((s) => s.burst?.available === available),
        // An edge keeps sending to burst for 10 s after the last burst answer it got.
        30_000,
      );

    return {
      edgeUrls,
      llm,
      workers: () => workers.length,
      statuses,
      burstQueue: async () => {
        const info = await jsm.consumers.info(burstStream, burstConsumer).catch(() => undefined);
        return info ? { waiting: info.num_pending, inProgress: info.num_ack_pending } : null;
      },
      setWorkers: async (count) => {
        const ids = Array.from({ length: Math.max(0, count - workers.length) }, () => `w${++workersStarted}`);
        const env = { ...llmEnv, ...quiet, BRANCHLINE_BURST_CONCURRENCY: String(options.workerConcurrency) };
        workers.push(
          ...(await Promise.all(ids.map((id) => startBurstWorkerProcess(stack.nats.url, id, { env })))),
        );
        await Promise.all(workers.splice(count).map((w) => w.stop(15_000)));
        await waitForBurst(count > 0);
      },
      drain: async (timeoutMs) => {
        const started = Date.now();
        const idle = (all: EdgeStatus[]) =>
          all.every((s) => s.aiSlots.inFlight === 0 && s.aiSlots.waiting === 0 && burstPending(s) === 0);
        const complete = await until('the edges to drain', statuses, idle, timeoutMs).then(
          () => true,
          () => false,
        );
        return { ms: Date.now() - started, complete };
      },
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { type NatsServer, startNatsServer } from './nats-server.js';
import { jsonReady, type ServiceProcess, startService } from './service-process.js';

/** The repository root, from src/ (tests) and dist/ (launcher) alike. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface CoreProcess {
  process: ServiceProcess<{ http: number; grpc: number; enroll: number }>;
  url: string;
  grpcAddress: string;
  enrollAddress: string;
  dataDir: string;
  adminToken(): string;
}

export interface StackServiceOptions {
  /** Extra env for the process (ports, intervals). */
  env?: NodeJS.ProcessEnv;
  logFile?: string;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Starts the built cloud-core (`cloud-core/dist/main.js`) as its own process. */
export async function startCoreProcess(
  natsUrl: string,
  dataDir: string,
  options: StackServiceOptions = {},
): Promise<CoreProcess> {
  const proc = await startService<{ http: number; grpc: number; enroll: number }>({
    name: 'core',
    command: process.execPath,
    args: [join(repoRoot, 'cloud-core/dist/main.js')],
    env: {
      ...process.env,
      BRANCHLINE_NATS_URL: natsUrl,
      BRANCHLINE_CORE_DATA_DIR: dataDir,
      ...options.env,
    },
    ready: jsonReady as (line: string) => { http: number; grpc: number; enroll: number } | undefined,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  return {
    process: proc,
    url: `http://127.0.0.1:${proc.ready.http}`,
    grpcAddress: `127.0.0.1:${proc.ready.grpc}`,
    enrollAddress: `127.0.0.1:${proc.ready.enroll}`,
    dataDir,
    adminToken: () =>
      process.env.BRANCHLINE_ADMIN_TOKEN ?? readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
  };
}

/** Starts one burst worker (`branchline burst-worker`) as its own process. */
export function startBurstWorkerProcess(
  natsUrl: string,
  workerId: string,
  options: StackServiceOptions = {},
): Promise<ServiceProcess<{ workerId: string }>> {
  return startService<{ workerId: string }>({
    name: `burst-${workerId}`,
    command: process.execPath,
    args: [join(repoRoot, 'cloud-core/bin/branchline.js'), 'burst-worker'],
    env: {
      ...process.env,
      BRANCHLINE_NATS_URL: natsUrl,
      BRANCHLINE_BURST_WORKER_ID: workerId,
      ...options.env,
    },
    ready: jsonReady as (line: string) => { workerId: string } | undefined,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
}

export interface TokenRequest {
  edgeId: string;
  name?: string;
  labels?: string | Record<string, string>;
  ttlSeconds?: number;
}

/** Asks the core's operator API for a one-time enrollment token. */
export async function createEnrollmentToken(core: CoreProcess, request: TokenRequest): Promise<string> {
  const response = await fetch(`${core.url}/v1/fleet/enrollment-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${core.adminToken()}` },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { token?: string; error?: { message?: string } };
  if (!response.ok || !body.token) {
    throw new Error(`cannot create a token for ${request.edgeId}: ${body.error?.message ?? response.status}`);
  }
  return body.token;
}

export interface EdgeProcessOptions extends StackServiceOptions {
  name: string;
  natsUrl: string;
  dataDir: string;
  httpPort?: number;
  token?: string;
}

/** Starts the built edge-node (`edge-node/dist/main.js`) against a core. */
export function startEdgeProcess(
  core: Pick<CoreProcess, 'grpcAddress' | 'enrollAddress'>,
  options: EdgeProcessOptions,
): Promise<ServiceProcess<{ edgeId: string; http: number }>> {
  return startService<{ edgeId: string; http: number }>({
    name: options.name,
    command: process.execPath,
    args: [join(repoRoot, 'edge-node/dist/main.js')],
    env: {
      ...process.env,
      BRANCHLINE_NATS_URL: options.natsUrl,
      BRANCHLINE_EDGE_DATA_DIR: options.dataDir,
      BRANCHLINE_EDGE_HTTP_PORT: String(options.httpPort ?? 0),
      BRANCHLINE_CORE_GRPC: core.grpcAddress,
      BRANCHLINE_CORE_ENROLL: core.enrollAddress,
      ...(options.token ? { BRANCHLINE_ENROLL_TOKEN: options.token } : {}),
      ...options.env,
    },
    ready: jsonReady as (line: string) => { edgeId: string; http: number } | undefined,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
}

export interface TestStack {
  dir: string;
  nats: NatsServer;
  core: CoreProcess;
  stop(): Promise<void>;
}

/** A free port can be taken by a test running beside this one before nats-server binds it: try another. */
async function startNatsOnFreePort(storeDir: string): Promise<NatsServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNatsServer({ port: await freePort(), storeDir });
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * A temp dir, a nats-server on a free port and a core process on ephemeral ports: what most
 * end-to-end tests start with. `stop` ends both and removes the dir.
 */
export async function startTestStack(prefix: string, env: NodeJS.ProcessEnv = {}): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const nats = await startNatsOnFreePort(join(dir, 'nats'));
  const core = await startCoreProcess(nats.url, join(dir, 'core'), {
    env: {
      BRANCHLINE_CORE_HTTP_PORT: '0',
      BRANCHLINE_CORE_GRPC_PORT: '0',
      BRANCHLINE_CORE_ENROLL_PORT: '0',
      ...env,
    },
  });
  return {
    dir,
    nats,
    core,
    stop: async () => {
      await core.process.stop();
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

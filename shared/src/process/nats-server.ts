import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { waitForPort } from './free-port.js';
import { type ServiceProcess, startService } from './service-process.js';

/** nats-server from BRANCHLINE_NATS_SERVER, the PATH, or Debian's /usr/sbin. */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.BRANCHLINE_NATS_SERVER,
    ...(env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
    '/usr/local/bin/nats-server',
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

export interface NatsServerOptions {
  port: number;
  storeDir: string;
  logFile?: string;
  host?: string;
}

export interface NatsServer {
  url: string;
  port: number;
  process: ServiceProcess;
  /** Ends the server the hard way (SIGKILL), as a crash or a pulled cable would. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a real nats-server with JetStream on `port`, its data in `storeDir`. */
export async function startNatsServer(options: NatsServerOptions): Promise<NatsServer> {
  const binary = findNatsServer();
  if (!binary) {
    throw new Error(
      "nats-server not found: run `npm run setup` (installs Debian's nats-server) or set BRANCHLINE_NATS_SERVER",
    );
  }
  const host = options.host ?? '127.0.0.1';
  const proc = await startService({
    name: 'nats-server',
    command: binary,
    args: ['-js', '-sd', options.storeDir, '-a', host, '-p', String(options.port)],
    ...(options.logFile ? { logFile: options.logFile } : {}),
  });
  // nats-server logs to stderr; it is ready when its port accepts connections and it says so
  // itself: a port that answers may belong to another server that took it first (tests run side
  // by side), and this one would then exit, leaving its caller talking to a stranger.
  const ownsPort = async () => {
    await waitForPort(options.port, host);
    const deadline = Date.now() + 10_000;
    while (!proc.output().includes('Server is ready')) {
      if (Date.now() > deadline)
        throw new Error(`nats-server on ${host}:${options.port} never said it was ready`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await Promise.race([
    ownsPort(),
    proc.exited.then((code) => {
      throw new Error(
        `nats-server exited (${code}) before listening on ${host}:${options.port}:\n${proc.output()}`,
      );
    }),
  ]);
  return {
    url: `nats://${host}:${options.port}`,
    port: options.port,
    process: proc,
    kill: async () => {
      proc.kill('SIGKILL');
      await proc.exited;
    },
    stop: async () => {
      await proc.stop();
    },
  };
}

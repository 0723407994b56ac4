import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Every line of stdout and stderr is appended here. */
  logFile?: string;
  /**
   * Returns a value once a stdout line shows the service is ready, undefined otherwise. Without
   * it the service counts as ready once spawned (callers then check a port, say).
   */
  ready?: (line: string) => unknown;
  readyTimeoutMs?: number;
  /** Each stdout/stderr line, for launchers that echo warnings. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ServiceProcess<Ready = unknown> {
  name: string;
  child: ChildProcess;
  ready: Ready;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
}

/** A service that prints one JSON line with a `ready` field once it serves (core, edge). */
export function jsonReady(line: string): unknown {
  if (!line.startsWith('{') || !line.includes('"ready"')) return undefined;
  try {
    const parsed = JSON.parse(line) as { ready?: unknown };
    return parsed.ready ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spawns a long-running process and waits until it is ready, or fails with its output when it
 * exits first or takes too long. Used by the all-in-one launcher and by end-to-end tests.
 */
export function startService<Ready = unknown>(options: ServiceOptions): Promise<ServiceProcess<Ready>> {
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches the launcher only, which then
    // stops services in order (edges, core, NATS) instead of all at once.
    detached: true,
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let log: ReturnType<typeof createWriteStream> | undefined;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'a' });
  }
  // 'exit' can come before the last lines of output are read; the log file ends once both pipes closed.
  child.once('close', () => log?.end());
  const lines: string[] = [];
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      resolve(code ?? signal ?? 'unknown');
    });
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(
        new Error(
          `${options.name} was not ready after ${options.readyTimeoutMs ?? 30_000} ms:\n${lines.join('\n')}`,
        ),
      );
    }, options.readyTimeoutMs ?? 30_000);

    const service: Omit<ServiceProcess<Ready>, 'ready'> = {
      name: options.name,
      child,
      exited,
      output: () => lines.join('\n'),
      kill: (signal = 'SIGKILL') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
      stop: async (graceMs = 5000) => {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(force);
        return result;
      },
    };

    const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
      lines.push(line);
      if (lines.length > 2000) lines.splice(0, lines.length - 2000);
      if (log && !log.writableEnded) log.write(`${line}\n`);
      options.onLine?.(line, stream);
      if (settled || stream !== 'stdout') return;
      if (!options.ready) return;
      const ready = options.ready(line);
      if (ready !== undefined) {
        settled = true;
        clearTimeout(timer);
        resolve({ ...service, ready: ready as Ready });
      }
    };
    if (!options.ready) {
      child.once('spawn', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...service, ready: undefined as Ready });
      });
    }
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', onLine('stdout'));
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', onLine('stderr'));
    void exited.then((code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(
        Object.assign(
          new Error(`${options.name} exited (${code}) before it was ready:\n${lines.join('\n')}`),
          { exitCode: code, output: lines.join('\n') },
        ),
      );
    });
  });
}

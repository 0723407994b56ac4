import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, repoRoot } from '@branchline/shared/process';

export interface AllInOne {
  /** The ports it was started on, by the env var that set each. */
  ports: Record<
    | 'BRANCHLINE_NATS_PORT'
    | 'BRANCHLINE_CORE_HTTP_PORT'
    | 'BRANCHLINE_CORE_GRPC_PORT'
    | 'BRANCHLINE_CORE_ENROLL_PORT'
    | 'BRANCHLINE_NORTH_HTTP_PORT'
    | 'BRANCHLINE_SOUTH_HTTP_PORT',
    number
  >;
  /** What the launcher printed (stdout and stderr, by line). */
  output: string[];
  exited: Promise<number | null>;
  /** Ctrl-C, as an operator stops it; resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/**
 * `npm start` as a user runs it (`deploy/local/start.mjs`), with its data in `home` and every
 * port free; resolves once it prints that everything is up.
 */
export async function launchAllInOne(home: string, env: NodeJS.ProcessEnv = {}): Promise<AllInOne> {
  const ports = {
    BRANCHLINE_NATS_PORT: await freePort(),
    BRANCHLINE_CORE_HTTP_PORT: await freePort(),
    BRANCHLINE_CORE_GRPC_PORT: await freePort(),
    BRANCHLINE_CORE_ENROLL_PORT: await freePort(),
    BRANCHLINE_NORTH_HTTP_PORT: await freePort(),
    BRANCHLINE_SOUTH_HTTP_PORT: await freePort(),
  };
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, BRANCHLINE_HOME: home };
  for (const [k, v] of Object.entries(ports)) childEnv[k] = String(v);
  const launcher = spawn(process.execPath, [join(repoRoot, 'deploy/local/start.mjs')], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: launcher.stderr }).on('line', (l) => output.push(l));
  const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${output.join('\n')}`)), 120_000);
    createInterface({ input: launcher.stdout }).on('line', (line) => {
      output.push(line);
      if (line.includes('Ctrl-C stops everything')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`launcher exited:\n${output.join('\n')}`)));
  });
  return {
    ports,
    output,
    exited,
    interrupt: () => {
      if (launcher.exitCode === null) launcher.kill('SIGINT');
      return exited;
    },
  };
}

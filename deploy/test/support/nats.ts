import { spawnSync } from 'node:child_process';
import { findNatsServer } from '@branchline/shared/process';

export function natsServerBinary(): string {
  const binary = findNatsServer();
  if (!binary) throw new Error('nats-server not found: run `npm run setup` or set BRANCHLINE_NATS_SERVER');
  return binary;
}

/**
 * `nats-server -t -c FILE`: parses the file, resolves `$VARS` from `env` (and nothing else from
 * this process's environment) and exits non-zero on unknown fields or syntax errors.
 */
export function testNatsConfig(file: string, env: Record<string, string>): { ok: boolean; output: string } {
  const result = spawnSync(natsServerBinary(), ['-t', '-c', file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

/** The environment deploy/nats/*.conf expect, per file name (see each file's header). */
export const natsConfigEnv: Record<string, Record<string, string>> = {
  'hub.conf': { SERVER_NAME: 'nats-1' },
  'leaf-branch.conf': {
    BRANCH_DOMAIN: 'branch-north',
    HUB_LEAF_URLS: '["nats-leaf://nats-1:7422","nats-leaf://nats-2:7422"]',
  },
};

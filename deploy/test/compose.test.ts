import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  composeReferenceProblems,
  composeSchemaErrors,
  deployDir,
  knownEnvNames,
  parseCompose,
} from './support/index.js';

const file = join(deployDir, 'compose/compose.yaml');
const text = readFileSync(file, 'utf8');
const knownEnv = knownEnvNames();
type Service = {
  environment?: Record<string, string>;
  volumes?: string[];
  command?: string[];
  deploy?: { replicas?: number };
};
const compose = parseCompose(text) as { services: Record<string, Service> };

describe('the compose file (deploy/compose/compose.yaml)', () => {
  it('validates against the compose-spec schema', () => {
    expect(composeSchemaErrors(parseCompose(text))).toEqual([]);
  });

  it('refers only to services, volumes and files that exist, and env names the code reads', () => {
    expect(composeReferenceProblems(parseCompose(text), file, knownEnv)).toEqual([]);
  });

  it('runs a 3-node NATS cluster from deploy/nats/hub.conf, 2 core replicas, 2 burst workers, 2 edges', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'burst-worker',
      'core-1',
      'core-2',
      'core-lb',
      'edge-north',
      'edge-south',
      'nats-1',
      'nats-2',
      'nats-3',
    ]);
    const hub = ['nats-1', 'nats-2', 'nats-3'].map((name) => compose.services[name]);
    expect(hub.map((s) => s?.environment?.SERVER_NAME)).toEqual(['nats-1', 'nats-2', 'nats-3']);
    for (const node of hub) expect(node?.volumes).toContain('../nats/hub.conf:/etc/nats/hub.conf:ro');
    expect(compose.services['burst-worker']?.deploy?.replicas).toBe(2);
    expect(compose.services['burst-worker']?.command).toEqual([
      'node',
      'cloud-core/bin/branchline.js',
      'burst-worker',
    ]);
  });

  it('gives both core replicas the same CA volume at <data dir>/ca and the same admin token', () => {
    for (const name of ['core-1', 'core-2']) {
      const core = compose.services[name];
      expect(core?.volumes).toContain('core-ca:/var/lib/branchline/core/ca');
      expect(core?.environment?.BRANCHLINE_CORE_DATA_DIR).toBe('/var/lib/branchline/core');
      expect(core?.environment?.BRANCHLINE_ADMIN_TOKEN).toMatch(/^\$\{BRANCHLINE_ADMIN_TOKEN:\?/);
    }
  });

  // `npm test` installs haproxy (deploy/local/setup.mjs).
  it('has a load balancer config that haproxy -c accepts', () => {
    const check = spawnSync('haproxy', ['-c', '-f', join(deployDir, 'compose/haproxy.cfg')], {
      encoding: 'utf8',
    });
    // The replicas' names resolve only inside compose's network, hence warnings, not errors.
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/Configuration file is valid/);
  });
});

describe('the compose checks catch', () => {
  it('a misspelt key and a depends_on condition compose does not know', () => {
    const errors = composeSchemaErrors(
      parseCompose(
        text
          .replace(
            '  edge-north:\n    <<: *branchline\n',
            '  edge-north:\n    <<: *branchline\n    restrat: always\n',
          )
          .replace('core-1: { condition: service_healthy }', 'core-1: { condition: healthy }'),
      ),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/\/services\/edge-north must NOT have additional properties .*restrat/),
    );
    expect(errors).toContainEqual(
      expect.stringMatching(/\/services\/core-2\/depends_on\/core-1\/condition must be equal to one of/),
    );
  });

  it('a depends_on on no service, an undeclared volume, a missing config file and an env typo', () => {
    const problems = composeReferenceProblems(
      parseCompose(
        text
          .replace('core-1: { condition: service_healthy }', 'core-one: { condition: service_healthy }')
          .replace('"edge-south:/var/lib/branchline/edge"', '"edge-west:/var/lib/branchline/edge"')
          .replace('./haproxy.cfg:', './haproxy.conf:')
          .replace('BRANCHLINE_BURST_CONCURRENCY:', 'BRANCHLINE_BURST_CONCURRENT:'),
      ),
      file,
      knownEnv,
    );
    expect(problems).toEqual([
      'core-2: depends_on core-one, no such service',
      'core-lb: mounts ./haproxy.conf, which does not exist',
      'burst-worker: env BRANCHLINE_BURST_CONCURRENT is read by no code',
      'edge-south: volume edge-west is not declared under volumes',
    ]);
  });
});

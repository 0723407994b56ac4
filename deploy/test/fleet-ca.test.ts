import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { afterAll, describe, expect, it } from 'vitest';
import { deployDir, filesIn, loadK8sDocuments } from './support/index.js';

const script = join(deployDir, 'k8s/create-fleet-ca.mjs');
const dir = mkdtempSync(join(tmpdir(), 'bl-fleet-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = () => spawnSync(process.execPath, [script, join(dir, 'ca')], { encoding: 'utf8' });

describe('deploy/k8s/create-fleet-ca.mjs', () => {
  it('creates the CA once with the core loader (key owner-only) and keeps it on the next run', () => {
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    const fingerprint = /sha256 ([0-9a-f]{64})/.exec(first.stdout)?.[1];
    expect(fingerprint).toBeDefined();
    expect(statSync(join(dir, 'ca/ca.key.pem')).mode & 0o077).toBe(0);
    expect(run().stdout).toContain(`sha256 ${fingerprint}`);
  });

  it('writes the files the core Deployment mounts from the Secret branchline-core-ca', () => {
    expect(run().status).toBe(0);
    const core = loadK8sDocuments(filesIn(join(deployDir, 'k8s'), '.yaml')).find(
      (d) => d.object.kind === 'Deployment' && d.object.metadata?.name === 'cloud-core',
    )?.object as IDeployment;
    const secret = core.spec?.template.spec?.volumes?.find((v) => v.name === 'fleet-ca')?.secret;
    expect(secret?.items?.map((i) => i.path).sort()).toEqual(readdirSync(join(dir, 'ca')).sort());
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deployDir,
  envFileKeys,
  knownEnvNames,
  securityExposure,
  systemdAnalyzeBinary,
  verifyUnit,
  withLocalNode,
} from './support/index.js';

const unitName = 'branchline-edge.service';
const unit = readFileSync(join(deployDir, 'systemd', unitName), 'utf8');
const envExample = readFileSync(join(deployDir, 'systemd/edge.env.example'), 'utf8');
// `npm test` installs it (deploy/local/setup.mjs); without it these checks fail, they are not skipped.
const systemdAnalyze = systemdAnalyzeBinary() ?? 'systemd-analyze';

describe('the edge unit (deploy/systemd/branchline-edge.service)', () => {
  it('runs edge-node/dist/main.js with node, from /etc/branchline/edge.env, restarting on failure', () => {
    expect(unit).toMatch(/^ExecStart=\S*node .*\/edge-node\/dist\/main\.js$/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/branchline\/edge\.env$/m);
    expect(unit).toMatch(/^StateDirectory=branchline-edge$/m);
    expect(unit).toMatch(/^Environment=BRANCHLINE_EDGE_DATA_DIR=%S\/branchline-edge$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    // V8's JIT needs W+X memory.
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
  });

  it('comes with an example env file that sets only names the edge reads, and no secret', () => {
    const known = knownEnvNames();
    const keys = envFileKeys(envExample);
    expect(keys.filter((key) => !known.has(key))).toEqual([]);
    for (const secret of ['BRANCHLINE_ENROLL_TOKEN', 'BRANCHLINE_CHANNEL_TOKEN', 'BRANCHLINE_EDGE_SECRET'])
      expect(envExample).not.toMatch(new RegExp(`^${secret}=.+$`, 'm'));
  });

  it('passes systemd-analyze verify without a word (ExecStart pointed at this node)', () => {
    const result = verifyUnit(systemdAnalyze, unitName, withLocalNode(unit));
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('is rated at most 2.0 by systemd-analyze security (0 is best, 10 worst)', () => {
    expect(securityExposure(systemdAnalyze, unitName, withLocalNode(unit))).toBeLessThanOrEqual(2);
  });
});

describe('systemd-analyze verify, read strictly, catches', () => {
  const verify = (text: string) => verifyUnit(systemdAnalyze, unitName, withLocalNode(text));

  it('a value it cannot parse (it only warns, and exits 0)', () => {
    const result = verify(unit.replace('Restart=on-failure', 'Restart=sometimes'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Failed to parse service restart specifier/);
  });

  it('an unknown key', () => {
    const result = verify(unit.replace('NoNewPrivileges=yes', 'NoNewPrivilegez=yes'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Unknown key 'NoNewPrivilegez'/);
  });

  it('a program that does not exist', () => {
    const result = verifyUnit(
      systemdAnalyze,
      unitName,
      unit.replace(/^ExecStart=\S+/m, 'ExecStart=/nonexistent/node'),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/nonexistent\/node/);
  });
});

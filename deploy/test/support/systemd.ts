import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** systemd-analyze on PATH or in /usr/bin, or undefined where systemd is not installed. */
export function systemdAnalyzeBinary(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin']) {
    try {
      accessSync(join(dir, 'systemd-analyze'), constants.X_OK);
      return join(dir, 'systemd-analyze');
    } catch {
      // next
    }
  }
  return undefined;
}

/**
 * The unit as this machine can check it: verify needs ExecStart's program to exist, and a CI
 * machine has its node somewhere else than a branch host's /usr/bin/node, so the program (only
 * the program: systemd checks nothing else on that line) becomes this process's node.
 */
export const withLocalNode = (unit: string) =>
  unit.replace(/^ExecStart=(\S+)/m, () => `ExecStart=${process.execPath}`);

function inScratchDir<T>(name: string, unit: string, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bl-systemd-'));
  try {
    const path = join(dir, name);
    writeFileSync(path, unit);
    return run(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `systemd-analyze verify`. It exits 0 on unknown keys and unparsable values and only prints a
 * warning, so any output at all counts as a failure.
 */
export function verifyUnit(binary: string, name: string, unit: string): { ok: boolean; output: string } {
  return inScratchDir(name, unit, (path) => {
    const result = spawnSync(binary, ['verify', path], { encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`.trim();
    return { ok: result.status === 0 && output === '', output };
  });
}

/** `systemd-analyze security --offline`: the exposure score (0 best, 10 worst) of the unit. */
export function securityExposure(binary: string, name: string, unit: string): number {
  return inScratchDir(name, unit, (path) => {
    const result = spawnSync(binary, ['security', '--offline=true', '--no-pager', path], {
      encoding: 'utf8',
    });
    const score = /Overall exposure level for \S+: ([\d.]+)/.exec(result.stdout);
    if (!score?.[1]) throw new Error(`systemd-analyze security said:\n${result.stdout}${result.stderr}`);
    return Number(score[1]);
  });
}

/** `KEY=value` lines of an environment file (comments and blank lines skipped). */
export const envFileKeys = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('=')[0] ?? '');

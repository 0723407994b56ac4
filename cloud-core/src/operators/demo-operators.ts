import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BranchlineError } from '@branchline/shared';
import type { AuditLog } from './audit-log.js';
import type { NewOperator, OperatorAccounts } from './operator-accounts.js';

const demoOperators: Omit<NewOperator, 'password'>[] = [
  { username: 'ops.admin', displayName: 'Ops Admin', role: 'admin' },
  { username: 'ops.viewer', displayName: 'Ops Viewer', role: 'viewer' },
  // A central overflow agent: takes the conversations branches cannot serve in time.
  { username: 'ops.agent', displayName: 'Anna Overflow', role: 'agent' },
];

export function demoOperatorPasswordPath(dataDir: string): string {
  return join(dataDir, 'demo-operator-password');
}

async function demoPassword(dataDir: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const path = demoOperatorPasswordPath(dataDir);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(path, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' }).catch(
    (error: NodeJS.ErrnoException) => {
      // Another replica on the same data dir wrote it first: use theirs.
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return (await readFile(path, 'utf8')).trim();
}

/**
 * The all-in-one's operators, `ops.admin`, `ops.viewer` and the overflow agent `ops.agent`. Their password is the configured one
 * or a random one written once to `<data dir>/demo-operator-password` (mode 600): never a password
 * in the repo. Accounts that exist are left as they are, so a restart changes nothing.
 */
export async function seedDemoOperators(
  accounts: OperatorAccounts,
  audit: AuditLog,
  dataDir: string,
  configured: string | undefined,
): Promise<string[]> {
  const password = await demoPassword(dataDir, configured);
  for (const operator of demoOperators) {
    if (await accounts.get(operator.username)) continue;
    try {
      const created = await accounts.create({ ...operator, password });
      await audit.record({
        actor: 'core',
        role: 'none',
        via: 'system',
        action: 'operator.created',
        target: created.username,
        detail: { role: created.role, demo: true },
        outcome: 'ok',
      });
    } catch (error) {
      // A second replica starting at the same moment created it: that is the wanted state.
      if (!(error instanceof BranchlineError && error.code === 'already_exists')) throw error;
    }
  }
  return demoOperators.map((o) => o.username);
}

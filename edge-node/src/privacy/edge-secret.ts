import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BranchlineError } from '@branchline/shared';

const minBytes = 32;

/**
 * The edge secret the vault keys derive from. From BRANCHLINE_EDGE_SECRET (base64, for operators
 * who keep it in a secret manager) or else a file the edge creates once, readable by it alone.
 * Losing it makes the vault unreadable, which is the point: it never leaves the branch.
 */
export async function loadEdgeSecret(file: string, fromEnv: string | undefined): Promise<Buffer> {
  if (fromEnv !== undefined) {
    const secret = Buffer.from(fromEnv, 'base64');
    if (secret.length < minBytes) {
      throw new BranchlineError(
        'invalid_argument',
        `BRANCHLINE_EDGE_SECRET must be at least ${minBytes} bytes of base64 (got ${secret.length}); ` +
          'create one with `openssl rand -base64 32`',
      );
    }
    return secret;
  }
  try {
    const secret = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (secret.length < minBytes)
      throw new BranchlineError('failed_precondition', `${file} holds fewer than ${minBytes} bytes`);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(minBytes);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return secret;
}

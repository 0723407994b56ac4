import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function adminTokenPath(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

/** The configured admin token, or the one kept in the data dir (created on first start, 0600). */
export async function loadOrCreateAdminToken(
  dataDir: string,
  configured: string | undefined,
): Promise<string> {
  if (configured) return configured;
  const path = adminTokenPath(dataDir);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(24).toString('base64url');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}

import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const edgeInfoSchema = z.object({
  edgeId: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  enrolledAt: z.string(),
  certificateExpiresAt: z.string(),
});

export type EdgeInfo = z.infer<typeof edgeInfoSchema>;

export interface EdgeIdentity extends EdgeInfo {
  privateKeyPem: string;
  certificatePem: string;
  caCertificatePem: string;
}

const files = {
  key: 'edge.key.pem',
  cert: 'edge.cert.pem',
  ca: 'ca.cert.pem',
  info: 'edge.json',
};

/** The edge's identity on disk; undefined when the edge has not enrolled yet. */
export async function loadIdentity(dir: string): Promise<EdgeIdentity | undefined> {
  let info: string;
  try {
    info = await readFile(join(dir, files.info), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const [privateKeyPem, certificatePem, caCertificatePem] = await Promise.all([
    readFile(join(dir, files.key), 'utf8'),
    readFile(join(dir, files.cert), 'utf8'),
    readFile(join(dir, files.ca), 'utf8'),
  ]);
  return { ...edgeInfoSchema.parse(JSON.parse(info)), privateKeyPem, certificatePem, caCertificatePem };
}

/** Writes the key (owner-only) and certificates first, edge.json last: its presence means complete. */
export async function saveIdentity(dir: string, identity: EdgeIdentity): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, files.key), identity.privateKeyPem, { mode: 0o600 });
  await chmod(join(dir, files.key), 0o600);
  await writeFile(join(dir, files.cert), identity.certificatePem);
  await writeFile(join(dir, files.ca), identity.caCertificatePem);
  const { privateKeyPem: _k, certificatePem: _c, caCertificatePem: _a, ...info } = identity;
  await writeFile(join(dir, files.info), `${JSON.stringify(info, null, 2)}\n`);
}

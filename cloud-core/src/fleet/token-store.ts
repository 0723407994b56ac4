import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BranchlineError, formatEnrollmentToken, parseEnrollmentToken } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import { z } from 'zod';

const tokenRecordSchema = z.object({
  id: z.string(),
  secretSha256: z.string(),
  edgeId: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
});

export type TokenRecord = z.infer<typeof tokenRecordSchema>;

export interface NewToken {
  edgeId: string;
  name: string;
  labels: Record<string, string>;
  ttlMs: number;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** One-time enrollment tokens in a NATS KV bucket; only a hash of each secret is kept. */
export class TokenStore {
  constructor(
    private readonly kv: KV,
    private readonly caFingerprint: string,
  ) {}

  async create(input: NewToken, now = new Date()): Promise<{ token: string; record: TokenRecord }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: TokenRecord = {
      id,
      secretSha256: sha256(secret).toString('hex'),
      edgeId: input.edgeId,
      name: input.name,
      labels: input.labels,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.ttlMs).toISOString(),
    };
    await this.kv.create(id, JSON.stringify(record));
    return { token: formatEnrollmentToken({ id, secret, caFingerprint: this.caFingerprint }), record };
  }

  /**
   * Marks a token used, exactly once even with several core replicas: the KV update is a
   * compare-and-set on the revision read, so a second redeemer loses.
   */
  async redeem(tokenText: string, now = new Date()): Promise<TokenRecord> {
    const parsed = parseEnrollmentToken(tokenText);
    const unknown = new BranchlineError(
      'unauthenticated',
      'unknown enrollment token: the core has no such token (it may belong to another core, or was mistyped)',
    );
    if (parsed.caFingerprint !== this.caFingerprint) throw unknown;
    const entry = await this.kv.get(parsed.id);
    if (entry?.operation !== 'PUT') throw unknown;
    const record = tokenRecordSchema.parse(entry.json());
    const expected = Buffer.from(record.secretSha256, 'hex');
    if (!timingSafeEqual(expected, sha256(parsed.secret))) throw unknown;
    if (record.usedAt) {
      throw new BranchlineError(
        'forbidden',
        `enrollment token was already used at ${record.usedAt}; tokens work once`,
      );
    }
    if (Date.parse(record.expiresAt) <= now.getTime()) {
      throw new BranchlineError('unauthenticated', `enrollment token expired at ${record.expiresAt}`);
    }
    const used = { ...record, usedAt: now.toISOString() };
    try {
      await this.kv.update(parsed.id, JSON.stringify(used), entry.revision);
    } catch {
      throw new BranchlineError('forbidden', 'enrollment token was already used; tokens work once');
    }
    return used;
  }
}

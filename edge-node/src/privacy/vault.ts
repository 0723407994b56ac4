import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { EdgeDatabase } from '../db/index.js';
import { vault } from '../db/schema.js';
import type { PiiKind } from './types.js';

const dayMs = 86_400_000;
/** `⟦PHONE_1⟧`: brackets no customer types, so a token is never mistaken for text. */
export const tokenPattern = /⟦([A-Z_]+)_(\d+)⟧/gu;

function deriveKey(secret: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'branchline-vault', info, 32));
}

/**
 * Originals of tokenized personal data, per conversation: sealed with AES-256-GCM under a key
 * derived from the edge secret, bound to their conversation and token (as associated data) so
 * a row copied elsewhere does not open, and erased after the retention period.
 */
export class Vault {
  private readonly key: Buffer;
  private readonly indexKey: Buffer;

  constructor(
    private readonly db: EdgeDatabase,
    secret: Buffer,
    private readonly retentionDays: number,
  ) {
    this.key = deriveKey(secret, 'vault aes-256-gcm v1');
    this.indexKey = deriveKey(secret, 'vault value index v1');
  }

  private hash(kind: PiiKind, value: string): string {
    return createHmac('sha256', this.indexKey).update(`${kind}\u0000${value}`).digest('base64url');
  }

  private seal(conversationId: string, token: string, value: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`${conversationId}\u0000${token}`));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(conversationId: string, token: string, sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${conversationId}\u0000${token}`));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The conversation's token for this value: the same value always gets the same token. */
  tokenFor(conversationId: string, kind: PiiKind, value: string, customerRef: string | null): string {
    const valueHash = this.hash(kind, value);
    return this.db.transaction((tx) => {
      const existing = tx
        .select({ token: vault.token })
        .from(vault)
        .where(and(eq(vault.conversationId, conversationId), eq(vault.valueHash, valueHash)))
        .get();
      if (existing) return existing.token;
      const label = kind.toUpperCase();
      const { count } = tx
        .select({ count: sql<number>`count(*)` })
        .from(vault)
        .where(and(eq(vault.conversationId, conversationId), eq(vault.kind, kind)))
        .get() ?? { count: 0 };
      const token = `⟦${label}_${count + 1}⟧`;
      const now = Date.now();
      tx.insert(vault)
        .values({
          conversationId,
          token,
          kind,
          valueHash,
          sealed: this.seal(conversationId, token, value),
          customerRef,
          createdAt: new Date(now),
          expiresAt: new Date(now + this.retentionDays * dayMs),
        })
        .run();
      return token;
    });
  }

  /** Originals for a conversation's tokens (token -> value), optionally only some kinds. */
  values(conversationId: string, kinds?: readonly PiiKind[]): Map<string, { kind: PiiKind; value: string }> {
    const rows = this.db.select().from(vault).where(eq(vault.conversationId, conversationId)).all();
    const out = new Map<string, { kind: PiiKind; value: string }>();
    for (const row of rows) {
      if (kinds && !kinds.includes(row.kind as PiiKind)) continue;
      out.set(row.token, {
        kind: row.kind as PiiKind,
        value: this.open(conversationId, row.token, row.sealed),
      });
    }
    return out;
  }

  /** Puts originals back; tokens the vault no longer holds (expired, erased) stay as they are. */
  restore(conversationId: string, text: string, kinds?: readonly PiiKind[]): string {
    if (!text.includes('⟦')) return text;
    const values = this.values(conversationId, kinds);
    return text.replace(tokenPattern, (token) => values.get(token)?.value ?? token);
  }

  /** Erases entries past retention; returns how many. */
  purgeExpired(now = new Date()): number {
    return this.db.delete(vault).where(lt(vault.expiresAt, now)).run().changes;
  }

  eraseCustomer(customerRef: string): number {
    return this.db.delete(vault).where(eq(vault.customerRef, customerRef)).run().changes;
  }
}

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

/** Prepared once: the vault is on every turn's path. */
function prepareStatements(db: EdgeDatabase) {
  return {
    findToken: db
      .select({ token: vault.token })
      .from(vault)
      .where(
        and(
          eq(vault.conversationId, sql.placeholder('conversationId')),
          eq(vault.valueHash, sql.placeholder('valueHash')),
        ),
      )
      .prepare(),
    countKind: db
      .select({ count: sql<number>`count(*)` })
      .from(vault)
      .where(
        and(
          eq(vault.conversationId, sql.placeholder('conversationId')),
          eq(vault.kind, sql.placeholder('kind')),
        ),
      )
      .prepare(),
    insertEntry: db
      .insert(vault)
      .values({
        conversationId: sql.placeholder('conversationId'),
        token: sql.placeholder('token'),
        kind: sql.placeholder('kind'),
        valueHash: sql.placeholder('valueHash'),
        sealed: sql.placeholder('sealed'),
        customerRef: sql.placeholder('customerRef'),
        createdAt: sql.placeholder('createdAt'),
        expiresAt: sql.placeholder('expiresAt'),
      })
      .prepare(),
    entriesOf: db
      .select()
      .from(vault)
      .where(eq(vault.conversationId, sql.placeholder('conversationId')))
      .prepare(),
  };
}

/**
 * Originals of tokenized personal data, per conversation: sealed with AES-256-GCM under a key
 * derived from the edge secret for that conversation, bound to their token (as associated
 * data) so a row copied elsewhere does not open, and erased after the retention period.
 */
export class Vault {
  private readonly secret: Buffer;
  private readonly keys = new Map<string, Buffer>();
  private readonly indexKey: Buffer;
  private readonly q: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: EdgeDatabase,
    secret: Buffer,
    private readonly retentionDays: number,
  ) {
    this.secret = secret;
    this.indexKey = deriveKey(secret, 'vault value index v1');
    this.q = prepareStatements(db);
  }

  /** Each conversation has its own key, derived from the edge secret and the conversation id. */
  private keyOf(conversationId: string): Buffer {
    let key = this.keys.get(conversationId);
    if (!key) {
      if (this.keys.size >= 4096) this.keys.clear();
      key = deriveKey(this.secret, `vault aes-256-gcm v1 ${conversationId}`);
      this.keys.set(conversationId, key);
    }
    return key;
  }

  private hash(kind: PiiKind, value: string): string {
    return createHmac('sha256', this.indexKey).update(`${kind}\u0000${value}`).digest('base64url');
  }

  private seal(conversationId: string, token: string, value: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyOf(conversationId), iv);
    cipher.setAAD(Buffer.from(`${conversationId}\u0000${token}`));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(conversationId: string, token: string, sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.keyOf(conversationId), sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${conversationId}\u0000${token}`));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }

  /**
   * The conversation's token for this value: the same value always gets the same token. No
   * transaction: better-sqlite3 is synchronous, so nothing runs between the lookup and the insert.
   */
  tokenFor(conversationId: string, kind: PiiKind, value: string, customerRef: string | null): string {
    const valueHash = this.hash(kind, value);
    const existing = this.q.findToken.get({ conversationId, valueHash });
    if (existing) return existing.token;
    const count = this.q.countKind.get({ conversationId, kind })?.count ?? 0;
    const token = `⟦${kind.toUpperCase()}_${count + 1}⟧`;
    const now = Date.now();
    this.q.insertEntry.run({
      conversationId,
      token,
      kind,
      valueHash,
      sealed: this.seal(conversationId, token, value),
      customerRef,
      createdAt: new Date(now),
      expiresAt: new Date(now + this.retentionDays * dayMs),
    });
    return token;
  }

  /** Tokens for several values at once, in one transaction (one commit per turn, not per value). */
  tokensFor(
    conversationId: string,
    values: readonly { kind: PiiKind; value: string }[],
    customerRef: string | null,
  ): string[] {
    if (values.length === 0) return [];
    return this.db.$client.transaction(() =>
      values.map((v) => this.tokenFor(conversationId, v.kind, v.value, customerRef)),
    )();
  }

  /** Originals for a conversation's tokens (token -> value), optionally only some kinds. */
  values(conversationId: string, kinds?: readonly PiiKind[]): Map<string, { kind: PiiKind; value: string }> {
    const rows = this.q.entriesOf.all({ conversationId });
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

import { createHash, randomBytes } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { z } from 'zod';

const sessionSchema = z.object({
  username: z.string(),
  csrfToken: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

export interface OperatorSession {
  /** The sha256 hex of the session token: the KV key, and safe to log. */
  id: string;
  username: string;
  csrfToken: string;
  expiresAt: Date;
}

export const sessionId = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Operator sign-ins in a KV bucket, so every core replica can check any session. The client
 * holds a random token; the bucket holds only its hash, so a copy of the bucket signs no one in.
 * The bucket's max age is the session length, and each read checks `expiresAt` as well.
 */
export class OperatorSessions {
  constructor(
    private readonly kv: KV,
    readonly ttlMs: number,
  ) {}

  async open(username: string, now = new Date()): Promise<{ token: string; session: OperatorSession }> {
    const token = randomBytes(32).toString('base64url');
    const session: OperatorSession = {
      id: sessionId(token),
      username,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: new Date(now.getTime() + this.ttlMs),
    };
    await this.kv.create(
      session.id,
      JSON.stringify({
        username,
        csrfToken: session.csrfToken,
        createdAt: now.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
      }),
    );
    return { token, session };
  }

  async find(token: string, now = new Date()): Promise<OperatorSession | undefined> {
    if (token === '') return undefined;
    return this.byId(sessionId(token), now);
  }

  async close(id: string): Promise<void> {
    await this.kv.purge(id);
  }

  /**
   * Ends every session of one operator (but `exceptId`): after a password change, or when an admin
   * disables them.
   */
  async closeAllOf(username: string, exceptId?: string): Promise<number> {
    const ids = new Set<string>();
    for await (const key of await this.kv.keys()) ids.add(key);
    let closed = 0;
    for (const id of ids) {
      const session = await this.byId(id);
      if (session?.username !== username || id === exceptId) continue;
      await this.close(id);
      closed++;
    }
    return closed;
  }

  /** A live session by its id (the token's hash), for a long request that checks it again. */
  async byId(id: string, now = new Date()): Promise<OperatorSession | undefined> {
    const entry = await this.kv.get(id);
    if (entry?.operation !== 'PUT') return undefined;
    const parsed = sessionSchema.safeParse(entry.json());
    if (!parsed.success) return undefined;
    const expiresAt = new Date(parsed.data.expiresAt);
    if (!(expiresAt.getTime() > now.getTime())) return undefined;
    return { id, username: parsed.data.username, csrfToken: parsed.data.csrfToken, expiresAt };
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { EdgeDatabase } from '../../db/index.js';
import { agentSessions } from '../../db/schema.js';

export interface AgentSession {
  agentId: string;
  csrfToken: string;
  expiresAt: Date;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Console sign-ins. The cookie holds a random token; the database holds only its hash, so a
 * copy of the database signs no one in. Each session has its own CSRF token the page sends back
 * in a header on every change.
 */
export class AgentSessions {
  constructor(
    private readonly db: EdgeDatabase,
    private readonly ttlMs: number,
  ) {}

  open(agentId: string, now = new Date()): { token: string; session: AgentSession } {
    const token = randomBytes(32).toString('base64url');
    const session = {
      agentId,
      csrfToken: randomBytes(24).toString('base64url'),
      expiresAt: new Date(now.getTime() + this.ttlMs),
    };
    this.db
      .insert(agentSessions)
      .values({ tokenHash: digest(token), ...session, createdAt: now })
      .run();
    return { token, session };
  }

  find(token: string, now = new Date()): AgentSession | undefined {
    const row = this.db
      .select()
      .from(agentSessions)
      .where(eq(agentSessions.tokenHash, digest(token)))
      .get();
    if (!row || row.expiresAt <= now) return undefined;
    return { agentId: row.agentId, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
  }

  close(token: string): void {
    this.db
      .delete(agentSessions)
      .where(eq(agentSessions.tokenHash, digest(token)))
      .run();
  }

  purgeExpired(now = new Date()): number {
    return this.db.delete(agentSessions).where(lt(agentSessions.expiresAt, now)).run().changes;
  }
}

import { desc, eq } from 'drizzle-orm';
import type { EdgeDatabase } from '../../db/index.js';
import { agentAudit } from '../../db/schema.js';

export interface AuditEntry {
  at: Date;
  agentId: string | null;
  action: string;
  conversationId: string | null;
  detail: Record<string, unknown> | null;
}

/** Every console action in the edge's database; details hold codes and ids, never message text. */
export class AuditLog {
  constructor(private readonly db: EdgeDatabase) {}

  record(entry: Omit<AuditEntry, 'at' | 'detail' | 'conversationId'> & Partial<AuditEntry>): void {
    this.db
      .insert(agentAudit)
      .values({
        at: entry.at ?? new Date(),
        agentId: entry.agentId,
        action: entry.action,
        conversationId: entry.conversationId ?? null,
        detail: entry.detail ?? null,
      })
      .run();
  }

  recent(options: { agentId?: string; limit?: number } = {}): AuditEntry[] {
    const query = this.db.select().from(agentAudit);
    const filtered = options.agentId ? query.where(eq(agentAudit.agentId, options.agentId)) : query;
    return filtered
      .orderBy(desc(agentAudit.seq))
      .limit(options.limit ?? 100)
      .all()
      .map(({ seq: _seq, ...entry }) => entry);
  }
}

import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { EdgeDatabase } from '../../db/index.js';
import { handoffs } from '../../db/schema.js';
import { type EnqueueInput, type ValueTier, valueTiers } from '../queue/index.js';

export type HandoffRow = typeof handoffs.$inferSelect;

export const asTier = (tier: string | undefined): ValueTier =>
  valueTiers.includes(tier as ValueTier) ? (tier as ValueTier) : 'standard';

/** A hand-off as the queue takes it, with its original place in line. */
export function queuedOf(row: HandoffRow): EnqueueInput & { enqueuedAt: number } {
  return {
    conversationId: row.conversationId,
    enqueuedAt: row.enqueuedAt.getTime(),
    reason: row.reason,
    severity: row.severity,
    valueTier: asTier(row.valueTier),
    language: row.language as 'zh-CN' | 'en',
    skills: row.skills,
  };
}

/** Hand-offs in the edge's SQLite file: the record the in-memory queue is rebuilt from. */
export class HandoffStore {
  constructor(private readonly db: EdgeDatabase) {}

  open(
    row: Omit<
      HandoffRow,
      'id' | 'status' | 'agentId' | 'assignedAt' | 'wrappedAt' | 'disposition' | 'correctedIntent'
    >,
  ): HandoffRow {
    const full: HandoffRow = {
      id: `ho_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      status: 'waiting',
      agentId: null,
      assignedAt: null,
      wrappedAt: null,
      disposition: null,
      correctedIntent: null,
      ...row,
    };
    this.db.insert(handoffs).values(full).run();
    return full;
  }

  /** The conversation's hand-off that is still waiting or with an agent, if any. */
  current(conversationId: string): HandoffRow | undefined {
    return this.db
      .select()
      .from(handoffs)
      .where(
        and(eq(handoffs.conversationId, conversationId), inArray(handoffs.status, ['waiting', 'assigned'])),
      )
      .get();
  }

  openOnes(): HandoffRow[] {
    return this.db
      .select()
      .from(handoffs)
      .where(inArray(handoffs.status, ['waiting', 'assigned']))
      .all();
  }

  deleteFor(conversationIds: readonly string[]): number {
    if (conversationIds.length === 0) return 0;
    return this.db
      .delete(handoffs)
      .where(inArray(handoffs.conversationId, [...conversationIds]))
      .run().changes;
  }

  update(id: string, changes: Partial<Omit<HandoffRow, 'id' | 'conversationId'>>): void {
    this.db.update(handoffs).set(changes).where(eq(handoffs.id, id)).run();
  }
}

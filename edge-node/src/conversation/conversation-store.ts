import { randomUUID } from 'node:crypto';
import { BranchlineError } from '@branchline/shared';
import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { EdgeDatabase } from '../db/index.js';
import { conversations, messages } from '../db/schema.js';
import type { Locale, Understanding } from './types.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = Omit<typeof messages.$inferInsert, 'seq' | 'createdAt'>;

const understandingSchema = z.object({
  intent: z.string().nullable(),
  confidence: z.number(),
  sentiment: z.object({ label: z.string().nullable(), negative: z.number() }),
  flags: z.array(z.string()),
});

/** Conversations and their tokenized transcripts in the edge's SQLite file. */
export class ConversationStore {
  // Prepared once: these run on every turn.
  private readonly q;

  constructor(private readonly db: EdgeDatabase) {
    this.q = {
      get: db
        .select()
        .from(conversations)
        .where(eq(conversations.id, sql.placeholder('id')))
        .prepare(),
      append: db
        .insert(messages)
        .values({
          conversationId: sql.placeholder('conversationId'),
          turnId: sql.placeholder('turnId'),
          role: sql.placeholder('role'),
          text: sql.placeholder('text'),
          status: sql.placeholder('status'),
          handledBy: sql.placeholder('handledBy'),
          meta: sql.placeholder('meta'),
          createdAt: sql.placeholder('createdAt'),
        })
        .returning()
        .prepare(),
      markAnswered: db
        .update(messages)
        .set({ status: 'answered', meta: sql`${sql.placeholder('meta')}` })
        .where(eq(messages.seq, sql.placeholder('seq')))
        .prepare(),
      understood: db
        .select({ meta: messages.meta })
        .from(messages)
        .where(
          and(
            eq(messages.conversationId, sql.placeholder('conversationId')),
            eq(messages.role, 'customer'),
            isNotNull(messages.meta),
          ),
        )
        .orderBy(desc(messages.seq))
        .limit(sql.placeholder('limit'))
        .prepare(),
    };
  }

  create(input: { channel: string; locale: Locale; customerRef: string | null }): ConversationRow {
    const row: ConversationRow = {
      id: `cv_${randomUUID().replaceAll('-', '')}`,
      channel: input.channel,
      locale: input.locale,
      customerRef: input.customerRef,
      status: 'open',
      createdAt: new Date(),
      endedAt: null,
    };
    this.db.insert(conversations).values(row).run();
    return row;
  }

  get(id: string): ConversationRow | undefined {
    return this.q.get.get({ id });
  }

  require(id: string): ConversationRow {
    const row = this.get(id);
    if (!row) throw new BranchlineError('not_found', `no conversation ${id} on this edge`);
    return row;
  }

  append(message: NewMessage): MessageRow {
    const row = this.q.append.get({
      handledBy: null,
      meta: null,
      ...message,
      createdAt: new Date(),
    });
    if (!row) throw new Error('message insert returned nothing');
    return row;
  }

  /**
   * By sequence number, the primary key: this runs on every turn. The understanding stays with
   * the customer's message, for routing the turns that follow.
   */
  markAnswered(seq: number, understanding: Understanding): void {
    this.q.markAnswered.run({ seq, meta: JSON.stringify(understanding) });
  }

  /** What the models made of an answered customer turn, as stored with it. */
  static understandingOf(row: Pick<MessageRow, 'role' | 'meta'>): Understanding | undefined {
    if (row.role !== 'customer' || !row.meta) return undefined;
    const parsed = understandingSchema.safeParse(JSON.parse(row.meta));
    return parsed.success ? parsed.data : undefined;
  }

  /** What the models made of the conversation's last `limit` answered customer turns, oldest first. */
  understood(conversationId: string, limit: number): Understanding[] {
    if (limit <= 0) return [];
    const out: Understanding[] = [];
    for (const { meta } of this.q.understood.all({ conversationId, limit })) {
      const understanding = ConversationStore.understandingOf({ role: 'customer', meta });
      if (understanding) out.push(understanding);
    }
    return out.reverse();
  }

  transcript(conversationId: string, afterSeq = 0): MessageRow[] {
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), gt(messages.seq, afterSeq)))
      .orderBy(asc(messages.seq))
      .all();
  }

  /** Customer turns accepted but not answered (the edge stopped mid-turn). */
  pendingTurns(): MessageRow[] {
    return this.db
      .select()
      .from(messages)
      .where(eq(messages.status, 'pending'))
      .orderBy(asc(messages.seq))
      .all();
  }

  end(id: string): ConversationRow {
    const row = this.require(id);
    if (row.status === 'ended') return row;
    const endedAt = new Date();
    this.db.update(conversations).set({ status: 'ended', endedAt }).where(eq(conversations.id, id)).run();
    return { ...row, status: 'ended', endedAt };
  }

  /** Erases a customer's conversations and transcripts (the vault erases its own entries). */
  idsOf(customerRef: string): string[] {
    return this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.customerRef, customerRef))
      .all()
      .map((r) => r.id);
  }

  eraseCustomer(customerRef: string): { conversations: number; messages: number } {
    const ids = this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.customerRef, customerRef))
      .all()
      .map((r) => r.id);
    if (ids.length === 0) return { conversations: 0, messages: 0 };
    const removedMessages = this.db
      .delete(messages)
      .where(inArray(messages.conversationId, ids))
      .run().changes;
    const removed = this.db.delete(conversations).where(inArray(conversations.id, ids)).run().changes;
    return { conversations: removed, messages: removedMessages };
  }
}

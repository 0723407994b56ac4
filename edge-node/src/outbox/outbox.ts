import { randomUUID } from 'node:crypto';
import { type EventEnvelope, eventEnvelopeSchema, eventsSubject } from '@branchline/shared';
import { and, asc, count, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { type EdgeDatabase, schema } from '../db/index.js';

const { outbox } = schema;

export interface PendingEvent {
  seq: number;
  id: string;
  subject: string;
  payload: string;
}

export interface NewEvent {
  type: string;
  conversationId?: string;
  data: Record<string, unknown>;
}

/** The edge's durable queue of events for the core. */
export class Outbox {
  private readonly listeners = new Set<() => void>();

  // Prepared once: every turn appends an event.
  private readonly insert;

  constructor(
    private readonly db: EdgeDatabase,
    private readonly edgeId: string,
  ) {
    this.insert = db
      .insert(outbox)
      .values({
        id: sql.placeholder('id'),
        subject: sql.placeholder('subject'),
        payload: sql.placeholder('payload'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare();
  }

  /** Validates and stores an event; it is on disk when this returns. */
  append(event: NewEvent, now = new Date()): EventEnvelope {
    const envelope = eventEnvelopeSchema.parse({
      id: randomUUID(),
      edgeId: this.edgeId,
      type: event.type,
      occurredAt: now.toISOString(),
      ...(event.conversationId ? { conversationId: event.conversationId } : {}),
      data: event.data,
    });
    this.insert.run({
      id: envelope.id,
      subject: eventsSubject(this.edgeId, envelope.type),
      payload: JSON.stringify(envelope),
      createdAt: now,
    });
    for (const listener of this.listeners) listener();
    return envelope;
  }

  /** Oldest unpublished events first. */
  pending(limit: number): PendingEvent[] {
    return this.db
      .select({ seq: outbox.seq, id: outbox.id, subject: outbox.subject, payload: outbox.payload })
      .from(outbox)
      .where(isNull(outbox.publishedAt))
      .orderBy(asc(outbox.seq))
      .limit(limit)
      .all();
  }

  markPublished(seqs: number[], now = new Date()): void {
    if (seqs.length === 0) return;
    this.db.update(outbox).set({ publishedAt: now }).where(inArray(outbox.seq, seqs)).run();
  }

  markAttempted(seqs: number[]): void {
    if (seqs.length === 0) return;
    this.db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.seq, seqs))
      .run();
  }

  backlog(): number {
    return this.db.select({ n: count() }).from(outbox).where(isNull(outbox.publishedAt)).get()?.n ?? 0;
  }

  /** Drops events JetStream acknowledged before `before`; the stream is their home now. */
  prunePublished(before: Date): number {
    return this.db
      .delete(outbox)
      .where(and(isNotNull(outbox.publishedAt), lt(outbox.publishedAt, before)))
      .run().changes;
  }

  /** Called after every append, so the publisher wakes without polling. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

import { randomUUID } from 'node:crypto';
import { eventsSubject } from '@branchline/shared';
import type { StreamRecord } from './types.js';

/**
 * Events shaped as edges and the core publish them, for tests and the benchmark: one place that
 * knows the envelope, so both exercise what production sends.
 */
export interface FixtureEvent {
  id: string;
  subject: string;
  body: string;
}

export function envelope(
  edgeId: string,
  type: string,
  occurredAt: Date | number,
  data: Record<string, unknown>,
  conversationId?: string,
): FixtureEvent {
  const id = randomUUID();
  const at = typeof occurredAt === 'number' ? new Date(occurredAt) : occurredAt;
  return {
    id,
    subject: eventsSubject(edgeId, type),
    body: JSON.stringify({
      id,
      edgeId,
      type,
      occurredAt: at.toISOString(),
      ...(conversationId ? { conversationId } : {}),
      data,
    }),
  };
}

/** A `conversation.turn` body as conversation-service's `turnEvent` writes it. */
export function turnData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    turnId: randomUUID(),
    locale: 'zh-CN',
    text: '我的订单⟦ORDER_1⟧什么时候到',
    reply: '您的订单预计明天送达。',
    intent: 'order_status',
    confidence: 0.93,
    sentiment: { label: 'neutral', negative: 0.1 },
    flags: [],
    route: 'tool',
    reason: 'tool_intent',
    handledBy: 'tool',
    available: true,
    personalData: { ORDER: 1 },
    timingsMs: { redact: 0.4, understand: 2.1, route: 0.1, respond: 3.2 },
    ...overrides,
  };
}

/** Numbers the events in order, as the stream does. */
export function toRecords(events: readonly FixtureEvent[], firstSeq = 1): StreamRecord[] {
  return events.map((e, i) => ({ seq: firstSeq + i, subject: e.subject, data: e.body }));
}

import { z } from 'zod';

/** The JetStream stream that holds every event edges send up. */
export const eventsStream = 'BL_EVENTS';
export const eventsSubjectRoot = 'bl.events';

/** `bl.events.<edgeId>.<type>`: the edge id is one token, so the core can count per edge. */
export function eventsSubject(edgeId: string, type: string): string {
  return `${eventsSubjectRoot}.${edgeId}.${type}`;
}

/** Inverse of `eventsSubject`; undefined for subjects outside the events root. */
export function parseEventsSubject(subject: string): { edgeId: string; type: string } | undefined {
  const prefix = `${eventsSubjectRoot}.`;
  if (!subject.startsWith(prefix)) return undefined;
  const rest = subject.slice(prefix.length);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return undefined;
  return { edgeId: rest.slice(0, dot), type: rest.slice(dot + 1) };
}

export const eventTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'dotted lower-case type');

/**
 * What crosses from edge to core. `data` holds tokenized text, labels and numbers only: the
 * privacy layer runs before anything is written to the outbox.
 */
export const eventEnvelopeSchema = z.object({
  id: z.string().min(1),
  edgeId: z.string().min(1),
  type: eventTypeSchema,
  occurredAt: z.iso.datetime(),
  conversationId: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

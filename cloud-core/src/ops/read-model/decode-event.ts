import { eventsSubjectRoot } from '@branchline/shared';
import type { StreamRecord } from './types.js';

/** An envelope from the stream, checked enough to project. */
export interface DecodedEvent {
  id: string;
  edgeId: string;
  type: string;
  occurredMs: number;
  conversationId: string | null;
  data: Record<string, unknown>;
}

const decoder = new TextDecoder();
const subjectPrefix = `${eventsSubjectRoot}.`;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The envelope of one stream message, or why it cannot be projected. Hand-written checks rather
 * than `eventEnvelopeSchema`: this runs for every event of a rebuild, and the subject must agree
 * with the body (an edge's events are only ever counted for the edge whose subject they came on).
 */
export function decodeEvent(record: StreamRecord): DecodedEvent | string {
  let body: unknown;
  try {
    body = JSON.parse(typeof record.data === 'string' ? record.data : decoder.decode(record.data));
  } catch {
    return 'not JSON';
  }
  if (!isRecord(body)) return 'not a JSON object';
  const { id, edgeId, type, occurredAt, conversationId, data } = body;
  if (typeof id !== 'string' || id.length === 0) return 'no id';
  if (typeof edgeId !== 'string' || typeof type !== 'string') return 'no edgeId or type';
  if (record.subject !== `${subjectPrefix}${edgeId}.${type}`)
    return 'edgeId or type differs from the subject';
  if (typeof occurredAt !== 'string') return 'no occurredAt';
  const occurredMs = Date.parse(occurredAt);
  if (!Number.isFinite(occurredMs)) return 'occurredAt is not a date';
  if (conversationId !== undefined && typeof conversationId !== 'string') return 'bad conversationId';
  if (!isRecord(data)) return 'no data object';
  return { id, edgeId, type, occurredMs, conversationId: conversationId ?? null, data };
}

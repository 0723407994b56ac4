import { eventsStream, eventsSubjectRoot, parseEventsSubject } from '@branchline/shared';
import type { JetStreamManager } from '@nats-io/jetstream';

/**
 * Events the core holds per edge, read from the stream's per-subject counts: no state of our own,
 * the same answer on every replica, and de-duplicated by JetStream's message ids.
 */
export async function eventCountsByEdge(jsm: JetStreamManager): Promise<Map<string, number>> {
  const info = await jsm.streams.info(eventsStream, { subjects_filter: `${eventsSubjectRoot}.>` });
  const counts = new Map<string, number>();
  for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
    const parsed = parseEventsSubject(subject);
    if (parsed) counts.set(parsed.edgeId, (counts.get(parsed.edgeId) ?? 0) + count);
  }
  return counts;
}

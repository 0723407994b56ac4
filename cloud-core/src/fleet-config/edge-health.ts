import { type EventEnvelope, eventsStream, eventsSubject } from '@branchline/shared';
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';

export interface HealthStats {
  turns: number;
  handoffs: number;
  /** Turns the edge could not serve (`available: false`). */
  errors: number;
  answerCheckFailures: number;
  handoffRate: number;
  errorRate: number;
  /** `config.refused` events: version and reason. */
  refusals: { edgeId: string; version: string | null; reason: string }[];
}

/**
 * Every event one edge sent since `since`, from the core's stream: an ephemeral pull consumer on
 * the edge's subjects (nats-server 2.9 takes one filter per consumer), read until nothing is
 * pending, then deleted.
 */
async function eventsOf(
  jsm: JetStreamManager,
  js: JetStreamClient,
  edgeId: string,
  since: Date,
): Promise<EventEnvelope[]> {
  const created = await jsm.consumers.add(eventsStream, {
    filter_subject: eventsSubject(edgeId, '>'),
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: since.toISOString(),
    ack_policy: AckPolicy.None,
    inactive_threshold: 60_000_000_000,
  });
  const events: EventEnvelope[] = [];
  try {
    let pending = created.num_pending;
    const consumer = await js.consumers.get(eventsStream, created.name);
    while (pending > 0) {
      const batch = await consumer.fetch({ max_messages: Math.min(pending, 1000), expires: 5000 });
      let got = 0;
      for await (const message of batch) {
        events.push(message.json<EventEnvelope>());
        got++;
        pending = message.info.pending;
        if (pending === 0) break;
      }
      if (got === 0) break;
    }
  } finally {
    await jsm.consumers.delete(eventsStream, created.name).catch(() => false);
  }
  return events;
}

/** What the events say about a group of edges since a moment: the figures a canary is judged by. */
export async function healthOf(
  streams: { js: JetStreamClient; jsm: JetStreamManager },
  edgeIds: readonly string[],
  since: Date,
): Promise<HealthStats> {
  const stats: HealthStats = {
    turns: 0,
    handoffs: 0,
    errors: 0,
    answerCheckFailures: 0,
    handoffRate: 0,
    errorRate: 0,
    refusals: [],
  };
  for (const edgeId of edgeIds) {
    for (const event of await eventsOf(streams.jsm, streams.js, edgeId, since)) {
      if (event.type === 'config.refused') {
        const data = event.data as { version?: string | null; reason?: string };
        stats.refusals.push({ edgeId, version: data.version ?? null, reason: data.reason ?? '' });
      }
      if (event.type !== 'conversation.turn') continue;
      const data = event.data as { route?: string; reason?: string; available?: boolean };
      // Turns a person already has were handed off once; they are not new hand-offs.
      if (data.reason === 'with_agent') continue;
      stats.turns++;
      if (data.route === 'human') stats.handoffs++;
      if (data.available === false) stats.errors++;
      if (data.reason === 'answer_check_failed') stats.answerCheckFailures++;
    }
  }
  stats.handoffRate = stats.turns === 0 ? 0 : stats.handoffs / stats.turns;
  stats.errorRate = stats.turns === 0 ? 0 : stats.errors / stats.turns;
  return stats;
}

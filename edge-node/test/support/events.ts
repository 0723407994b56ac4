import { closeNats, connectNats, createLogger, type EventEnvelope, eventsStream } from '@branchline/shared';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

const log = createLogger('test-events', { level: 'silent' });

/** Every event in the core's stream so far, in order (what the core received). */
export async function readAllEvents(natsUrl: string): Promise<EventEnvelope[]> {
  const nc = await connectNats(natsUrl, 'test-events-reader', log);
  try {
    const total = (await (await jetstreamManager(nc)).streams.info(eventsStream)).state.messages;
    if (total === 0) return [];
    const consumer = await jetstream(nc).consumers.get(eventsStream);
    const events: EventEnvelope[] = [];
    while (events.length < total) {
      const batch = await consumer.fetch({ max_messages: total - events.length, expires: 5000 });
      let got = 0;
      for await (const message of batch) {
        events.push(message.json<EventEnvelope>());
        got++;
      }
      if (got === 0) break;
    }
    return events;
  } finally {
    await closeNats(nc);
  }
}

/** Polls until `check` passes on the events, or fails with the last error. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

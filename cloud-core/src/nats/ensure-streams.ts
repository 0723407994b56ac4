import { eventsStream, eventsSubjectRoot } from '@branchline/shared';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

const hourNs = 3_600_000_000_000;

export interface CoreStreams {
  jsm: JetStreamManager;
  tokens: KV;
  edges: KV;
}

/**
 * Creates (or opens) what the core keeps in JetStream. Every replica runs this at start; the
 * calls are idempotent, so replicas stay stateless.
 */
export async function ensureStreams(nc: NatsConnection): Promise<CoreStreams> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: eventsStream,
    subjects: [`${eventsSubjectRoot}.>`],
    // Message-id de-duplication: an edge that re-sends after a lost ack is not counted twice.
    duplicate_window: hourNs,
    max_age: 30 * 24 * hourNs,
  };
  try {
    await jsm.streams.info(eventsStream);
    await jsm.streams.update(eventsStream, config);
  } catch {
    await jsm.streams.add(config);
  }
  const kvm = new Kvm(nc);
  const [tokens, edges] = await Promise.all([
    kvm.create('bl_fleet_tokens', { history: 1 }),
    kvm.create('bl_fleet_edges', { history: 1 }),
  ]);
  return { jsm, tokens, edges };
}

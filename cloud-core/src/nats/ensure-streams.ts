import { edgeConfigBucket, eventsStream, eventsSubjectRoot } from '@branchline/shared';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

/** KV bucket of knowledge articles (key = article id); its history is the version history. */
export const articlesBucket = 'bl_kb_articles';
/** KV bucket of configuration bundles (key = bundle version); operators' changes, kept whole. */
export const bundlesBucket = 'bl_config_bundles';

/** KV bucket of staged rollouts (key = rollout id). */
export const rolloutsBucket = 'bl_rollouts';

export { edgeConfigBucket };
/** Object store of immutable artifacts, each named by the sha256 hex of its bytes. */
export const artifactsBucket = 'bl_artifacts';

const hourNs = 3_600_000_000_000;

export interface CoreStreams {
  jsm: JetStreamManager;
  tokens: KV;
  edges: KV;
  articles: KV;
  edgeConfig: KV;
  bundles: KV;
  rollouts: KV;
  artifacts: ObjectStore;
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
  const [tokens, edges, articles, edgeConfig, bundles, rollouts, artifacts] = await Promise.all([
    kvm.create('bl_fleet_tokens', { history: 1 }),
    kvm.create('bl_fleet_edges', { history: 1 }),
    kvm.create(articlesBucket, { history: 64 }),
    // The edges' keys (`<edgeId>.knowledge`, `<edgeId>.bundle`); history 5 is what each ran before.
    kvm.create(edgeConfigBucket, { history: 5 }),
    kvm.create(bundlesBucket, { history: 1 }),
    kvm.create(rolloutsBucket, { history: 16 }),
    new Objm(nc).create(artifactsBucket),
  ]);
  return { jsm, tokens, edges, articles, edgeConfig, bundles, rollouts, artifacts };
}

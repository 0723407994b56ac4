import {
  edgeConfigBucket,
  eventsStream,
  eventsSubjectRoot,
  overflowBucket,
  overflowSessionMaxAgeMs,
} from '@branchline/shared';
import { type JetStreamManager, jetstreamManager, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { edgesBucket } from '../fleet/edge-registry.js';

/** KV bucket of knowledge articles (key = article id); its history is the version history. */
export const articlesBucket = 'bl_kb_articles';
/** KV bucket of configuration bundles (key = bundle version); operators' changes, kept whole. */
export const bundlesBucket = 'bl_config_bundles';

/** KV bucket of staged rollouts (key = rollout id). */
export const rolloutsBucket = 'bl_rollouts';

export { edgeConfigBucket };
/** Object store of immutable artifacts, each named by the sha256 hex of its bytes. */
export const artifactsBucket = 'bl_artifacts';

/** KV bucket of operator accounts (key = username). */
export const operatorsBucket = 'bl_operators';
/** KV bucket of operator sessions (key = sha256 hex of the session token); max age = session length. */
export const operatorSessionsBucket = 'bl_operator_sessions';
/** Stream of the audit log: who changed what, on `bl.audit.<action>`. */
export const auditStream = 'BL_AUDIT';
export const auditSubjectRoot = 'bl.audit';

const hourNs = 3_600_000_000_000;
const msNs = 1_000_000;

export interface CoreStreams {
  jsm: JetStreamManager;
  tokens: KV;
  edges: KV;
  articles: KV;
  edgeConfig: KV;
  bundles: KV;
  rollouts: KV;
  artifacts: ObjectStore;
  operators: KV;
  operatorSessions: KV;
  /** Conversations branches offer to central overflow agents, one key each, written by the edges. */
  overflow: KV;
}

export interface StreamOptions {
  /** How long an operator session lasts: the max age of its bucket. */
  sessionMs: number;
  /** Copies of every stream and bucket the core keeps: 3 on a 3-node JetStream cluster, 1 on one server. */
  replicas?: number;
}

/**
 * Brings every stream the core owns to `replicas` copies. Done after creation, with `update`, so a
 * deployment that grows from one server to a cluster moves its existing data along.
 */
async function ensureReplicas(jsm: JetStreamManager, names: string[], replicas: number): Promise<void> {
  for (const name of names) {
    const info = await jsm.streams.info(name);
    if (info.config.num_replicas !== replicas) await jsm.streams.update(name, { num_replicas: replicas });
  }
}

/** Creates the stream, or brings an existing one to this config (replicas start with the same). */
async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }) {
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch {
    await jsm.streams.add(config);
  }
}

/**
 * Creates (or opens) what the core keeps in JetStream. Every replica runs this at start; the
 * calls are idempotent, so replicas stay stateless.
 */
export async function ensureStreams(
  nc: NatsConnection,
  options: StreamOptions = { sessionMs: 12 * 3_600_000 },
): Promise<CoreStreams> {
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, {
    name: eventsStream,
    subjects: [`${eventsSubjectRoot}.>`],
    // Message-id de-duplication: an edge that re-sends after a lost ack is not counted twice.
    duplicate_window: hourNs,
    max_age: 30 * 24 * hourNs,
  });
  await ensureStream(jsm, {
    name: auditStream,
    subjects: [`${auditSubjectRoot}.>`],
    storage: StorageType.File,
    // A publish retried after a lost ack carries the same entry id and is kept once.
    duplicate_window: 2 * 60_000 * msNs,
    // Over a year, so last year's changes can still be looked up at this year's review.
    max_age: 400 * 24 * hourNs,
  });
  const kvm = new Kvm(nc);
  const [
    tokens,
    edges,
    articles,
    edgeConfig,
    bundles,
    rollouts,
    artifacts,
    operators,
    operatorSessions,
    overflow,
  ] = await Promise.all([
    kvm.create('bl_fleet_tokens', { history: 1 }),
    kvm.create(edgesBucket, { history: 1 }),
    kvm.create(articlesBucket, { history: 64 }),
    // The edges' keys (`<edgeId>.knowledge`, `<edgeId>.bundle`); history 5 is what each ran before.
    kvm.create(edgeConfigBucket, { history: 5 }),
    kvm.create(bundlesBucket, { history: 1 }),
    kvm.create(rolloutsBucket, { history: 16 }),
    new Objm(nc).create(artifactsBucket),
    kvm.create(operatorsBucket, { history: 5 }),
    // Bucket max age (stream max_age; nats-server 2.9 has no per-key TTL) = the session length.
    kvm.create(operatorSessionsBucket, { history: 1, ttl: options.sessionMs }),
    kvm.create(overflowBucket, { history: 1, ttl: overflowSessionMaxAgeMs }),
  ]);
  // `create` leaves an existing bucket as it is; a changed session length applies to it too.
  const sessionsStream = `KV_${operatorSessionsBucket}`;
  const sessionsInfo = await jsm.streams.info(sessionsStream);
  if (sessionsInfo.config.max_age !== options.sessionMs * msNs)
    await jsm.streams.update(sessionsStream, { max_age: options.sessionMs * msNs });
  await ensureReplicas(
    jsm,
    [
      eventsStream,
      auditStream,
      ...['bl_fleet_tokens', edgesBucket, articlesBucket, edgeConfigBucket, bundlesBucket, rolloutsBucket]
        .concat(operatorsBucket, operatorSessionsBucket, overflowBucket)
        .map((bucket) => `KV_${bucket}`),
      `OBJ_${artifactsBucket}`,
    ],
    options.replicas ?? 1,
  );
  return {
    jsm,
    tokens,
    edges,
    articles,
    edgeConfig,
    bundles,
    rollouts,
    artifacts,
    operators,
    operatorSessions,
    overflow,
  };
}

import { burstAckWaitMs, burstConsumer, burstStream, burstWorkSubjects } from '@branchline/shared';
import { AckPolicy, type JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';

const ns = (ms: number) => ms * 1_000_000;

/**
 * The burst work queue: a work-queue stream (a message is gone once a worker acks it) and the one
 * durable consumer every worker pulls from. Idempotent; the core and each worker call it at start.
 */
export async function ensureBurstQueue(jsm: JetStreamManager, replicas?: number): Promise<void> {
  const stream = {
    name: burstStream,
    subjects: [burstWorkSubjects],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    // A turn nobody took within ten minutes has long been given up by its edge.
    max_age: ns(10 * 60_000),
    // The edge re-sends with the same id when an ack was lost; the queue keeps one copy.
    duplicate_window: ns(2 * 60_000),
    // Workers leave it out: the core, which knows the cluster's size, sets it.
    ...(replicas ? { num_replicas: replicas } : {}),
  };
  try {
    await jsm.streams.info(burstStream);
    await jsm.streams.update(burstStream, stream);
  } catch {
    await jsm.streams.add(stream);
  }
  const consumer = {
    durable_name: burstConsumer,
    ack_policy: AckPolicy.Explicit,
    filter_subject: burstWorkSubjects,
    // A worker that dies mid-turn stops reporting progress; its work goes to another after this.
    ack_wait: ns(burstAckWaitMs),
    max_deliver: 5,
    max_ack_pending: 10_000,
  };
  try {
    await jsm.consumers.info(burstStream, burstConsumer);
    await jsm.consumers.update(burstStream, burstConsumer, consumer);
  } catch {
    await jsm.consumers.add(burstStream, consumer);
  }
}

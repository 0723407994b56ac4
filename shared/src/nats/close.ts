import type { NatsConnection } from '@nats-io/transport-node';

/** Drains (flushes what is pending) when NATS is there; does not hang when it is not. */
export async function closeNats(nc: NatsConnection, timeoutMs = 2000): Promise<void> {
  if (nc.isClosed()) return;
  await Promise.race([
    nc.drain().catch(() => undefined),
    new Promise((r) => setTimeout(r, timeoutMs).unref()),
  ]);
  if (!nc.isClosed()) await nc.close();
}

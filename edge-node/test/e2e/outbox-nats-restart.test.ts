import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeNats, connectNats, createLogger, eventsStream } from '@branchline/shared';
import { freePort, type NatsServer, startNatsServer } from '@branchline/shared/process';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { Outbox, startPublisher } from '../../src/outbox/index.js';

const log = createLogger('test', { level: 'silent' });
let dir: string;
let port: number;
let nats: NatsServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-outbox-e2e-'));
  port = await freePort();
  nats = await startNatsServer({ port, storeDir: join(dir, 'nats') });
});

afterAll(async () => {
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('outbox to JetStream across a nats-server crash', () => {
  it('delivers every event exactly once when nats-server is killed while the edge publishes', async () => {
    const admin = await connectNats(nats.url, 'test-admin', log);
    const jsm = await jetstreamManager(admin);
    await jsm.streams.add({
      name: eventsStream,
      subjects: ['bl.events.>'],
      duplicate_window: 3_600_000_000_000,
    });
    await closeNats(admin);

    const db = openDatabase(join(dir, 'edge.db'));
    const outbox = new Outbox(db, 'north');
    const nc = await connectNats(nats.url, 'test-edge', log);
    const publisher = startPublisher(outbox, nc, log, { publishTimeoutMs: 1000, batchSize: 32 });

    const total = 1500;
    const appended: string[] = [];
    const append = async (n: number) => {
      for (let i = 0; i < n; i++) {
        appended.push(outbox.append({ type: 'test.tick', data: { n: appended.length } }).id);
        if (i % 25 === 0) await new Promise((r) => setTimeout(r, 1));
      }
    };

    await append(500);
    await nats.kill(); // mid-stream: some batches are in flight, some acks never come back
    await append(700); // the branch keeps working while NATS is gone
    expect(outbox.backlog()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    nats = await startNatsServer({ port, storeDir: join(dir, 'nats') });
    await append(total - 1200);

    await waitFor(() => outbox.backlog() === 0, 'the outbox to drain');
    await publisher.stop();

    const consumerNc = await connectNats(nats.url, 'test-reader', log);
    const js = jetstream(consumerNc);
    const info = await (await jetstreamManager(consumerNc)).streams.info(eventsStream);
    expect(info.state.messages).toBe(total);

    const consumer = await js.consumers.get(eventsStream); // ordered, from the first message
    const received: string[] = [];
    const messages = await consumer.fetch({ max_messages: total, expires: 5000 });
    for await (const m of messages) {
      received.push((m.json() as { id: string }).id);
      if (received.length === total) break;
    }
    expect(new Set(received).size).toBe(total);
    expect([...received].sort()).toEqual([...appended].sort());

    await closeNats(consumerNc);
    await closeNats(nc);
    db.$client.close();
  }, 90_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeNats, connectNats, createLogger, eventsStream, eventsSubjectRoot } from '@branchline/shared';
import { freePort, type NatsServer, startNatsServer } from '@branchline/shared/process';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, type FixtureEvent, turnData } from './event-fixtures.js';
import { type OpsAlert, OpsReadModel, startReadModelFeeder } from './index.js';

const log = createLogger('test', { level: 'silent' });
let dir: string;
let port: number;
let nats: NatsServer;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-read-model-feeder-'));
  port = await freePort();
  nats = await startNatsServer({ port, storeDir: join(dir, 'nats') });
  nc = await connectNats(nats.url, 'test-core', log);
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: eventsStream,
    subjects: [`${eventsSubjectRoot}.>`],
    duplicate_window: 3_600_000_000_000,
  });
  js = jetstream(nc);
});

afterAll(async () => {
  if (nc) await closeNats(nc);
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const start = Date.UTC(2026, 10, 2, 8);
const range = { from: new Date(start), to: new Date(start + 86_400_000), bucket: 'hour' } as const;

/** `count` conversations on `edge`: every third handed off, with a with_agent turn after it. */
function conversations(edge: string, count: number, offset: number): FixtureEvent[] {
  const events: FixtureEvent[] = [];
  for (let i = 0; i < count; i++) {
    const conv = `${edge}-${offset + i}`;
    const t = start + (offset + i) * 60_000;
    events.push(envelope(edge, 'conversation.started', t, { channel: 'web', locale: 'zh-CN' }, conv));
    events.push(envelope(edge, 'conversation.turn', t + 1000, turnData(), conv));
    if (i % 3 === 0) {
      events.push(
        envelope(
          edge,
          'conversation.turn',
          t + 2000,
          turnData({ route: 'human', reason: 'complaint' }),
          conv,
        ),
      );
      events.push(
        envelope(
          edge,
          'conversation.turn',
          t + 3000,
          turnData({ reason: 'with_agent', route: 'human' }),
          conv,
        ),
      );
    }
  }
  return events;
}

/** As an edge's outbox does: until acknowledged, sent again (the message id makes that safe). */
async function publish(events: readonly FixtureEvent[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await Promise.all(events.map((e) => js.publish(e.subject, e.body, { msgID: e.id, timeout: 1000 })));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function streamMessages(): Promise<number> {
  return (await jsm.streams.info(eventsStream)).state.messages;
}

describe('read model feeder', () => {
  it('follows the stream, resumes after a restart without double counting, and rebuilds to the same figures', async () => {
    const path = join(dir, 'ops-read-model.sqlite');
    const firstBatch = [...conversations('north', 30, 0), ...conversations('south', 12, 0)];
    await publish(firstBatch);

    const model = new OpsReadModel(path, { log });
    const feeder = startReadModelFeeder({ js, jsm, model, log, batchSize: 16 });
    await feeder.caughtUp();
    expect(model.kpis(range).totals).toMatchObject({
      conversations: 42,
      handoffs: 14,
      handedOffConversations: 14,
    });
    expect(feeder.status()).toMatchObject({ lastSeq: firstBatch.length, lag: 0, rebuilding: false });

    // Live: an alert published now reaches listeners within a flush.
    const heard = new Promise<OpsAlert>((resolve) => model.onAlert(resolve));
    const alert = envelope('south', 'compliance.alert', start + 3_600_000, {
      ruleId: 'no-guarantees',
      category: 'mis-selling',
      severity: 'high',
      side: 'agent',
      text: '保证收益',
      action: 'alert',
    });
    await publish([alert]);
    expect((await heard).id).toBe(alert.id);

    await feeder.stop();
    model.close();

    // While the core is down: more events, and a re-send the stream de-duplicates.
    const secondBatch = conversations('north', 9, 30);
    await publish([...secondBatch, firstBatch[0] as FixtureEvent]);

    const reopened = new OpsReadModel(path, { log });
    const again = startReadModelFeeder({ js, jsm, model: reopened, log });
    await again.caughtUp();
    const expected = {
      conversations: 51,
      handoffs: 17,
      handedOffConversations: 17,
      agentTurns: 17,
      complianceAlerts: 1,
    };
    const figures = reopened.kpis(range);
    expect(figures.totals).toMatchObject(expected);
    expect(reopened.status().eventsApplied).toBe(await streamMessages());

    const rebuilt = await again.rebuild();
    expect(rebuilt.events).toBe(await streamMessages());
    expect(reopened.kpis(range)).toEqual(figures);
    expect(reopened.alerts()).toHaveLength(1);
    await again.stop();
    reopened.close();
  });

  it('carries on after nats-server restarts under it', async () => {
    const model = new OpsReadModel(':memory:', { log });
    const feeder = startReadModelFeeder({ js, jsm, model, log });
    await feeder.caughtUp();
    const before = model.kpis(range).totals.conversations;

    await nats.kill();
    nats = await startNatsServer({ port, storeDir: join(dir, 'nats') });
    await publish(conversations('east', 5, 0));
    await feeder.caughtUp();
    expect(model.kpis(range).totals.conversations).toBe(before + 5);
    await feeder.stop();
    model.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { envelope, toRecords, turnData } from './event-fixtures.js';
import { type OpsAlert, OpsReadModel, READ_MODEL_SCHEMA_VERSION } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'bl-read-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));
const day = {
  from: new Date(Date.UTC(2026, 10, 2)),
  to: new Date(Date.UTC(2026, 10, 3)),
  bucket: 'day',
} as const;

const ruleAlert = envelope(
  'south',
  'compliance.alert',
  at(30),
  {
    ruleId: 'guaranteed-returns',
    category: 'mis-selling',
    severity: 'high',
    side: 'agent',
    text: '这个理财产品保证年化收益10%',
    action: 'block',
  },
  'conv-s1',
);
const flaggedTurn = envelope(
  'north',
  'conversation.turn',
  at(10),
  turnData({ text: '帮我把钱转到⟦ACCOUNT_1⟧，别告诉银行', flags: ['compliance'], intent: null }),
  'conv-n1',
);

describe('compliance alerts', () => {
  it('come from compliance.alert events and from turns the model flagged, newest first', () => {
    const model = new OpsReadModel(':memory:');
    const heard: OpsAlert[] = [];
    model.onAlert((alert) => heard.push(alert));
    model.apply(
      toRecords([flaggedTurn, envelope('north', 'conversation.turn', at(11), turnData()), ruleAlert]),
    );

    const alerts = model.alerts();
    expect(alerts).toEqual([
      {
        id: ruleAlert.id,
        seq: 3,
        edgeId: 'south',
        conversationId: 'conv-s1',
        occurredAt: '2026-11-02T09:30:00.000Z',
        source: 'rule',
        ruleId: 'guaranteed-returns',
        category: 'mis-selling',
        severity: 'high',
        side: 'agent',
        text: '这个理财产品保证年化收益10%',
        action: 'block',
      },
      {
        id: flaggedTurn.id,
        seq: 1,
        edgeId: 'north',
        conversationId: 'conv-n1',
        occurredAt: '2026-11-02T09:10:00.000Z',
        source: 'model',
        ruleId: 'compliance-model',
        category: 'model',
        severity: 'medium',
        side: 'customer',
        text: '帮我把钱转到⟦ACCOUNT_1⟧，别告诉银行',
        action: 'alert',
      },
    ]);
    expect(heard.map((a) => a.id)).toEqual([flaggedTurn.id, ruleAlert.id]);
    expect(model.alerts({ edgeIds: ['north'] }).map((a) => a.source)).toEqual(['model']);
    expect(model.alerts({ since: at(20) }).map((a) => a.source)).toEqual(['rule']);
    expect(model.alerts({ limit: 1 })).toHaveLength(1);
    expect(model.alerts({ edgeIds: [] })).toEqual([]);
    expect(model.kpis(day).totals.complianceAlerts).toBe(2);
    expect(() => model.alerts({ limit: 501 })).toThrow(/limit/);
  });

  it('keep one alert for an event an edge sent again past the stream de-duplication window', () => {
    const model = new OpsReadModel(':memory:');
    const heard: OpsAlert[] = [];
    model.onAlert((alert) => heard.push(alert));
    model.apply(toRecords([ruleAlert]));
    model.apply(toRecords([ruleAlert], 2));
    expect(model.alerts()).toHaveLength(1);
    expect(heard).toHaveLength(1);
    expect(model.kpis(day).totals.complianceAlerts).toBe(1);
  });
});

describe('progress', () => {
  it('applies each stream sequence once, across batches and a restart on the same file', () => {
    const path = join(dir, 'restart.sqlite');
    const events = [
      envelope('north', 'conversation.started', at(1), { channel: 'web', locale: 'zh-CN' }, 'c1'),
      envelope('north', 'conversation.turn', at(2), turnData({ route: 'human', reason: 'requested' }), 'c1'),
      flaggedTurn,
    ];
    const first = new OpsReadModel(path);
    expect(first.apply(toRecords(events))).toMatchObject({
      applied: 3,
      duplicates: 0,
      alerts: 1,
      lastSeq: 3,
    });
    // The feeder may hand over an overlap after a reconnect.
    expect(first.apply(toRecords(events))).toMatchObject({
      applied: 0,
      duplicates: 3,
      alerts: 0,
      lastSeq: 3,
    });
    first.close();

    const again = new OpsReadModel(path);
    expect(again.status()).toEqual({
      lastSeq: 3,
      eventsApplied: 3,
      skipped: 0,
      schemaVersion: READ_MODEL_SCHEMA_VERSION,
    });
    again.apply(toRecords([...events, ruleAlert]));
    expect(again.kpis(day).totals).toMatchObject({
      conversations: 1,
      turns: 2,
      handoffs: 1,
      handedOffConversations: 1,
      complianceAlerts: 2,
    });
    expect(again.alerts()).toHaveLength(2);
    expect(again.status()).toMatchObject({ lastSeq: 4, eventsApplied: 4 });
    again.close();
  });

  it('skips malformed events, counts them, logs the first of many, and goes on', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const model = new OpsReadModel(':memory:', { log: pino({ level: 'warn' }, sink) });
    const good = envelope('north', 'conversation.turn', at(5), turnData(), 'c1');
    const forged = JSON.parse(good.body);
    forged.edgeId = 'south';
    const result = model.apply([
      { seq: 1, subject: 'bl.events.north.conversation.turn', data: '{"id": "cut off' },
      { seq: 2, subject: good.subject, data: JSON.stringify(forged) },
      {
        seq: 3,
        subject: good.subject,
        data: JSON.stringify({ ...JSON.parse(good.body), occurredAt: 'yesterday' }),
      },
      {
        seq: 4,
        subject: 'bl.events.south.compliance.alert',
        data: envelope('south', 'compliance.alert', at(6), { severity: 'high' }).body,
      },
      { seq: 5, subject: good.subject, data: new TextEncoder().encode(good.body) },
    ]);
    expect(result).toMatchObject({ applied: 1, skipped: 4, lastSeq: 5 });
    expect(model.status()).toMatchObject({ lastSeq: 5, eventsApplied: 1, skipped: 4 });
    expect(model.kpis(day).totals.turns).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      msg: 'malformed event skipped',
      seq: 1,
      reason: 'not JSON',
    });
    // Nothing of the body (tokenized text at best) reaches the log.
    expect(lines[0]).not.toContain('cut off');
  });
});

describe('rebuilding', () => {
  it('starts empty when the file was written under another schema version', () => {
    const path = join(dir, 'old-schema.sqlite');
    const model = new OpsReadModel(path);
    model.apply(toRecords([flaggedTurn]));
    model.close();
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = '0' WHERE key = 'schema_version'").run();
    raw.close();

    const reopened = new OpsReadModel(path);
    expect(reopened.status()).toMatchObject({
      lastSeq: 0,
      eventsApplied: 0,
      schemaVersion: READ_MODEL_SCHEMA_VERSION,
    });
    expect(reopened.alerts()).toEqual([]);
    expect(reopened.kpis(day).totals.turns).toBe(0);
    reopened.close();
  });

  it('reset() empties projections and progress, and the same events give the same figures again', () => {
    const model = new OpsReadModel(':memory:');
    const records = toRecords([flaggedTurn, ruleAlert]);
    model.apply(records);
    const before = model.kpis(day);
    model.reset();
    expect(model.status()).toMatchObject({ lastSeq: 0, eventsApplied: 0 });
    expect(model.kpis(day).totals.turns).toBe(0);
    model.apply(records.slice(0, 1));
    model.apply(records.slice(1));
    expect(model.kpis(day)).toEqual(before);
  });
});

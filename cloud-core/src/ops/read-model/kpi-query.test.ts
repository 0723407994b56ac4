import { describe, expect, it } from 'vitest';
import { envelope, type FixtureEvent, toRecords, turnData } from './event-fixtures.js';
import { OpsReadModel } from './index.js';

const h = (iso: string) => new Date(`2026-11-02T${iso}:00Z`);
const started = (edge: string, conv: string, at: Date) =>
  envelope(
    edge,
    'conversation.started',
    at,
    { channel: 'web', locale: 'zh-CN', verifiedCustomer: false },
    conv,
  );
const turn = (edge: string, conv: string, at: Date, data: Record<string, unknown> = {}) =>
  envelope(edge, 'conversation.turn', at, turnData(data), conv);
const handoff = (reason: string) => ({ route: 'human', reason, handledBy: 'human', intent: 'complaint' });
const withAgent = { route: 'human', reason: 'with_agent', handledBy: 'human', reply: null };

/** Small batches, so figures of one hour are summed across commits as in a live feed. */
function modelWith(events: FixtureEvent[]): OpsReadModel {
  const model = new OpsReadModel(':memory:');
  const records = toRecords(events);
  for (let i = 0; i < records.length; i += 3) model.apply(records.slice(i, i + 3));
  return model;
}

describe('KPIs', () => {
  it('counts a conversation handed off once, in the hour it started, and with_agent turns as no hand-off', () => {
    const model = modelWith([
      started('north', 'c1', h('09:05')),
      turn('north', 'c1', h('09:06'), { handledBy: 'local', route: 'local', reason: 'small_talk' }),
      started('north', 'c2', h('09:10')),
      turn('north', 'c2', h('09:11'), handoff('requested')),
      turn('north', 'c2', h('09:12'), withAgent),
      turn('north', 'c2', h('09:13'), withAgent),
      turn('north', 'c2', h('09:40'), handoff('complaint')),
      started('north', 'c3', h('09:50')),
      turn('north', 'c3', h('10:05'), handoff('complaint')),
      started('north', 'c4', h('10:20')),
      turn('north', 'c4', h('10:21')),
    ]);
    const kpis = model.kpis({ from: h('09:00'), to: h('11:00'), bucket: 'hour' });

    expect(kpis.totals).toMatchObject({
      conversations: 4,
      turns: 7,
      aiTurns: 2,
      agentTurns: 2,
      handoffs: 3,
      handedOffConversations: 2,
      containmentRate: 0.5,
      handoffRate: 3 / 5,
    });
    expect(kpis.points.map((p) => [p.at, p.conversations, p.handedOffConversations, p.handoffs])).toEqual([
      ['2026-11-02T09:00:00.000Z', 3, 2, 2],
      ['2026-11-02T10:00:00.000Z', 1, 0, 1],
    ]);
    expect(kpis.points[0]?.containmentRate).toBeCloseTo(1 / 3);
    expect(kpis.points[1]?.containmentRate).toBe(1);
    expect(kpis.handoffsByReason).toEqual([
      { reason: 'complaint', count: 2 },
      { reason: 'requested', count: 1 },
    ]);
  });

  it('counts a hand-off that arrives before its conversation start once the start arrives', () => {
    const model = modelWith([
      turn('north', 'late', h('09:30'), handoff('negative_sentiment')),
      started('north', 'late', h('09:29')),
      // A start sent again past the de-duplication window is the same conversation.
      started('north', 'late', h('09:29')),
    ]);
    expect(model.kpis({ from: h('09:00'), to: h('10:00'), bucket: 'hour' }).totals).toMatchObject({
      conversations: 1,
      handedOffConversations: 1,
      containmentRate: 0,
    });
  });

  it('ranks the ten most frequent intents', () => {
    const events: FixtureEvent[] = [];
    const intents = ['order_status', 'atm_location', 'card_activation', 'password_reset', 'exchange_rate'];
    const more = ['greeting', 'bill_explanation', 'tariff_change', 'deposit_rate_inquiry', 'complaint'];
    [...intents, ...more, 'meter_reading_submit', 'thanks_goodbye'].forEach((intent, i) => {
      for (let n = 0; n < 20 - i; n++) events.push(turn('north', `c${i}`, h('09:00'), { intent }));
    });
    events.push(turn('north', 'cx', h('09:00'), { intent: null, flags: ['low_confidence'] }));
    const { topIntents, totals } = modelWith(events).kpis({
      from: h('09:00'),
      to: h('10:00'),
      bucket: 'hour',
    });
    expect(topIntents).toHaveLength(10);
    expect(topIntents[0]).toEqual({ intent: 'order_status', count: 20 });
    expect(topIntents[9]).toEqual({ intent: 'complaint', count: 11 });
    expect(totals.turns).toBe(events.length);
  });

  it('buckets by day from `from`, with empty days present and rates null', () => {
    const day = (d: number, hour = 12) => new Date(Date.UTC(2026, 10, d, hour));
    const model = modelWith([
      started('north', 'a', day(2)),
      started('north', 'b', day(4, 23)),
      turn('north', 'b', day(4, 23)),
      // On `to` itself: outside the range.
      started('north', 'c', day(6, 0)),
    ]);
    const { points, totals } = model.kpis({ from: day(2, 0), to: day(6, 0), bucket: 'day' });
    expect(points.map((p) => [p.at, p.conversations, p.turns])).toEqual([
      ['2026-11-02T00:00:00.000Z', 1, 0],
      ['2026-11-03T00:00:00.000Z', 0, 0],
      ['2026-11-04T00:00:00.000Z', 1, 1],
      ['2026-11-05T00:00:00.000Z', 0, 0],
    ]);
    expect(points[1]).toMatchObject({
      containmentRate: null,
      handoffRate: null,
      avgWaitMs: null,
      costUsd: 0,
    });
    expect(totals.conversations).toBe(2);

    // Days of UTC+8 start at 16:00 UTC: the 23:00 UTC start on the 4th is the 5th there.
    const local = model.kpis({ from: day(1, 16), to: day(5, 16), bucket: 'day' });
    expect(local.points.map((p) => p.conversations)).toEqual([1, 0, 0, 1]);
  });

  it('averages waits and sentiment, counts answer-check failures, tokens and costs per scope', () => {
    const model = modelWith([
      turn('north', 'a', h('09:00'), { sentiment: { label: 'negative', negative: 0.8 } }),
      turn('north', 'a', h('09:01'), { sentiment: { label: 'neutral', negative: 0.2 } }),
      turn('south', 'b', h('09:02'), { route: 'cloud', reason: 'answer_check_failed', handledBy: 'cloud' }),
      envelope(
        'north',
        'agent.wrapup',
        h('09:20'),
        { handoffId: 'h1', reason: 'complaint', waitMs: 30_000 },
        'a',
      ),
      envelope(
        'north',
        'agent.wrapup',
        h('09:30'),
        { handoffId: 'h2', reason: 'requested', waitMs: 90_000 },
        'a',
      ),
      envelope('south', 'dialog.usage', h('09:02'), usage('claude-sonnet-4-5', 1200, 300, 0.0081)),
      envelope('south', 'dialog.usage', h('09:03'), usage('claude-sonnet-4-5', 800, 200, 0.0054)),
      envelope('south', 'dialog.usage', h('09:04'), usage('some-new-model', 500, 100, null)),
      envelope('south', 'config.applied', h('09:05'), { version: 'v7' }),
    ]);
    const range = { from: h('09:00'), to: h('10:00'), bucket: 'hour' } as const;
    expect(model.kpis(range).totals).toMatchObject({
      avgWaitMs: 60_000,
      answerCheckFailures: 1,
      inputTokens: 2500,
      outputTokens: 600,
      costUnknownTurns: 1,
    });
    expect(model.kpis(range).totals.avgNegativeSentiment).toBeCloseTo((0.8 + 0.2 + 0.1) / 3);
    expect(model.kpis(range).totals.costUsd).toBeCloseTo(0.0135, 9);
    const north = model.kpis({ ...range, edgeIds: ['north'] }).totals;
    expect(north).toMatchObject({ turns: 2, inputTokens: 0, avgWaitMs: 60_000 });
    expect(north.avgNegativeSentiment).toBeCloseTo(0.5);
    // The fleet's own figures and the sum of all its edges are the same.
    expect(model.kpis({ ...range, edgeIds: ['north', 'south'] })).toEqual(model.kpis(range));
    const nobody = model.kpis({ ...range, edgeIds: [] });
    expect(nobody.totals.turns).toBe(0);
    expect(nobody.points).toHaveLength(1);
    expect(nobody.topIntents).toEqual([]);
  });

  it('refuses a range that ends before it starts', () => {
    const model = new OpsReadModel(':memory:');
    expect(() => model.kpis({ from: h('10:00'), to: h('09:00'), bucket: 'hour' })).toThrow(/after/);
  });
});

function usage(model: string, inputTokens: number, outputTokens: number, costUsd: number | null) {
  return { model, inputTokens, outputTokens, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costUsd };
}

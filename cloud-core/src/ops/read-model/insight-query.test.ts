import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTaxonomy } from '../../insight/index.js';
import { envelope, type FixtureEvent, toRecords, turnData } from './event-fixtures.js';
import { OpsReadModel } from './index.js';
import type { InsightQuery } from './insight-query.js';

const day = (d: number, hour = 10) => new Date(Date.UTC(2026, 10, d, hour));
const say = (edge: string, conv: string, at: Date, text: string, locale = 'zh-CN') =>
  envelope(edge, 'conversation.turn', at, turnData({ text, locale }), conv);
const regions: Record<string, string> = { 'edge-n': 'north', 'edge-s': 'south' };
const scope = (over: Partial<InsightQuery> = {}): InsightQuery => ({
  from: day(1, 0),
  to: day(5, 0),
  bucket: 'day',
  regionOf: (edge) => regions[edge] ?? 'unlabelled',
  ...over,
});

function fleetEvents(): FixtureEvent[] {
  return [
    say('edge-n', 'c1', day(1), '我在看这款纯电SUV'),
    say('edge-n', 'c1', day(1, 11), '就是有点续航焦虑，冬天怕跑不远'),
    say('edge-n', 'c2', day(2), 'The electric SUV is too expensive for us', 'en'),
    say('edge-s', 'c3', day(3), '电动车价格太贵了，而且续航不够'),
    say('edge-s', 'c4', day(4), '我朋友推荐的理财，收益稳定'),
    say('edge-s', 'c5', day(4), '我担心物业不同意装东西'),
    say('edge-s', 'c6', day(4, 12), '物业不同意怎么办，我很担心'),
    say('edge-n', 'c7', day(4), '我的订单⟦ORDER_1⟧什么时候到'),
  ];
}

describe('buying-point insight in the read model', () => {
  it('counts reasons and objections by theme, day, region and product', () => {
    const model = new OpsReadModel(':memory:');
    model.apply(toRecords(fleetEvents()));
    const result = model.insight(scope());
    expect(result.buckets).toHaveLength(4);
    expect(result.totals).toMatchObject({ reasons: 2, objections: 6, unsorted: 2, conversations: 6 });
    const range = result.themes.find((t) => t.theme === 'range' && t.kind === 'objection');
    // c1's second turn names no product: it is the EV of the conversation's first turn.
    expect(range).toMatchObject({
      count: 2,
      series: [1, 0, 1, 0],
      byRegion: { north: 1, south: 1 },
      byProduct: { ev: 2 },
      label: { en: 'Driving range', zh: '续航' },
    });
    expect(range?.examples).toContain('就是有点续航焦虑，冬天怕跑不远');
    const price = result.themes.find((t) => t.theme === 'price');
    expect(price).toMatchObject({ kind: 'objection', count: 2, share: 2 / 6 });
    expect(
      result.themes
        .filter((t) => t.kind === 'reason')
        .map((t) => t.theme)
        .sort(),
    ).toEqual(['interest_rate', 'reputation']);
    expect(result.products[0]).toMatchObject({ id: 'ev', mentions: 4 });
    expect(result.regions).toEqual([
      { region: 'south', mentions: 6 },
      { region: 'north', mentions: 2 },
    ]);
    // Views by the hour read the mentions; views by the day read the daily counts: the same figures.
    const hourly = model.insight(scope({ bucket: 'hour' }));
    expect(hourly.buckets).toHaveLength(96);
    expect(hourly.themes.map((t) => [t.theme, t.kind, t.count, t.byRegion, t.byProduct])).toEqual(
      result.themes.map((t) => [t.theme, t.kind, t.count, t.byRegion, t.byProduct]),
    );
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]).toMatchObject({ kind: 'objection', size: 2 });
    expect(result.clusters[0]?.label).toContain('物业不同意');
  });

  it('scopes to edges and products, and reports the trend of a theme', () => {
    const model = new OpsReadModel(':memory:');
    model.apply(toRecords(fleetEvents()));
    const north = model.insight(scope({ edgeIds: ['edge-n'] }));
    expect(north.totals.mentions).toBe(2);
    const wealth = model.insight(scope({ product: 'wealth' }));
    expect(wealth.themes.map((t) => t.theme).sort()).toEqual(['interest_rate', 'reputation']);
    // Days 1-2 against days 3-4: one price objection each.
    expect(model.insight(scope()).themes.find((t) => t.theme === 'price')?.change).toBe(0);
    expect(() => model.insight(scope({ to: day(1, 0) }))).toThrow(/end after it starts/);
  });

  it('pages the export oldest first without skipping or repeating a row', () => {
    const model = new OpsReadModel(':memory:');
    model.apply(toRecords(fleetEvents()));
    const seen: string[] = [];
    let page = model.insightPage(scope(), null, 3);
    seen.push(...page.rows.map((r) => `${r.theme}:${r.text}`));
    while (page.next) {
      page = model.insightPage(scope(), page.next, 3);
      seen.push(...page.rows.map((r) => `${r.theme}:${r.text}`));
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen[0]).toBe('range:就是有点续航焦虑，冬天怕跑不远');
    expect(seen.filter((s) => s.startsWith('unsorted:'))).toHaveLength(2);
  });

  it('a re-sent turn is mined once', () => {
    const model = new OpsReadModel(':memory:');
    const event = say('edge-n', 'c1', day(1), '价格太贵了');
    model.apply(toRecords([event, event]));
    expect(model.insight(scope()).totals.mentions).toBe(1);
  });

  it('mines with a new taxonomy from then on, and keeps the KPIs', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'insight-')), 'read-model.sqlite');
    const first = new OpsReadModel(path);
    first.apply(toRecords(fleetEvents()));
    expect(first.insight(scope()).totals.mentions).toBe(8);
    first.close();
    const landlord = parseTaxonomy(
      {
        version: 1,
        themes: [{ id: 'landlord', label: { en: 'Landlord', zh: '物业' }, objection: ['物业不同意'] }],
      },
      'test',
    );
    const second = new OpsReadModel(path, { taxonomy: landlord });
    // The old taxonomy's mentions are gone; the stream position and the KPIs stay.
    expect(second.lastSeq()).toBe(8);
    expect(second.insight(scope()).totals.mentions).toBe(0);
    expect(second.kpis({ from: day(1, 0), to: day(5, 0), bucket: 'day' }).totals.turns).toBe(8);
    second.apply(toRecords([say('edge-s', 'c9', day(4, 13), '物业不同意，怎么办')], 9));
    expect(second.insight(scope()).themes.map((t) => [t.theme, t.count])).toEqual([['landlord', 1]]);
    // A rebuild re-mines everything the stream holds under the new taxonomy.
    second.reset();
    second.apply(toRecords(fleetEvents()));
    expect(second.insight(scope()).themes.map((t) => [t.theme, t.count])).toEqual([['landlord', 2]]);
    second.close();
  });
});

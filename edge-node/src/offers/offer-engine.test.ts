import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeSnapshotSchema, type OfferRule, offerRuleSchema } from '@branchline/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { BranchConnector, openBranchSystem, seedDemoBranch } from '../connector/index.js';
import { ConversationStore } from '../conversation/conversation-store.js';
import type { Understanding } from '../conversation/types.js';
import { openDatabase } from '../db/index.js';
import { KnowledgeBase } from '../knowledge/index.js';
import { OfferEngine } from './offer-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'bl-offers-'));
const db = openDatabase(join(dir, 'edge.db'));
const branchDb = openBranchSystem(join(dir, 'branch.db'));
const today = '2026-11-24';
seedDemoBranch(branchDb, { today });
const knowledge = new KnowledgeBase(db);
knowledge.install(
  knowledgeSnapshotSchema.parse({
    format: 'branchline-kb/1',
    id: 'kb-offers',
    createdAt: '2026-11-01T00:00:00Z',
    synonyms: [],
    articles: [
      {
        id: 'steady-income-terms',
        version: 1,
        title: '稳盈理财（R2）产品条款',
        locale: 'zh-CN',
        body: '# 产品要素\n\n风险等级 R2，期限 180 天，起购 1 万元，业绩比较基准 2.6%-3.0%，不代表实际收益，理财非存款，产品有风险。\n\n# 冷静期\n\n购买后 24 小时内可无条件撤销。',
      },
    ],
  }),
);
let now = Date.parse(`${today}T10:00:00+08:00`);
const rules: OfferRule[] = [];
const engine = new OfferEngine({
  db,
  knowledge,
  connector: new BranchConnector(branchDb, { today: () => today }),
  rules: () => rules,
  clock: () => now,
});
const store = new ConversationStore(db);
afterAll(() => {
  db.$client.close();
  branchDb.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const understood = (hesitant: boolean, intent = 'wealth_product_inquiry'): Understanding => ({
  intent,
  confidence: 0.9,
  sentiment: { label: 'neutral', negative: 0.1 },
  flags: hesitant ? ['hesitation'] : [],
  ...(hesitant ? { hesitation: { score: 0.9, cue: '考虑一下' } } : {}),
});

describe('proactive offers', () => {
  it('offers the terms from the knowledge base when a customer hesitates over the product, within the cap', async () => {
    rules.splice(
      0,
      rules.length,
      offerRuleSchema.parse({
        id: 'wealth-hesitation',
        moment: 'hesitation',
        product: '理财|wealth',
        action: 'offer',
        articleId: 'steady-income-terms',
        maxPerCustomer: 1,
        perDays: 30,
      }),
    );
    const conversation = store.create({ channel: 'chat', locale: 'zh-CN', customerRef: 'C-1001' });
    const turn = {
      conversationId: conversation.id,
      customerRef: 'C-1001',
      locale: 'zh-CN' as const,
      text: '这个理财收益怎么样\n我再考虑一下',
      understanding: understood(true),
    };
    expect(await engine.consider({ ...turn, understanding: understood(false) })).toBeUndefined();
    const offer = await engine.consider(turn);
    expect(offer).toMatchObject({
      ruleId: 'wealth-hesitation',
      action: 'offer',
      articleId: 'steady-income-terms',
    });
    expect(offer?.text).toContain('稳盈理财（R2）产品条款');
    expect(offer?.text).toContain('不代表实际收益');
    if (!offer) throw new Error('no offer');
    engine.record(offer, turn);
    // Once in 30 days for this customer, whichever conversation they are in.
    const later = store.create({ channel: 'chat', locale: 'zh-CN', customerRef: 'C-1001' });
    expect(await engine.consider({ ...turn, conversationId: later.id })).toBeUndefined();
    now += 31 * 86_400_000;
    expect(await engine.consider({ ...turn, conversationId: later.id })).toBeDefined();
    // Another product is not this rule's moment.
    expect(
      await engine.consider({
        ...turn,
        text: '这台车我再考虑一下',
        understanding: understood(true, 'car_service'),
      }),
    ).toBeUndefined();
  });

  it('reminds a verified customer of a repayment a few days ahead, and only them', async () => {
    now = Date.parse(`${today}T10:00:00+08:00`);
    rules.splice(
      0,
      rules.length,
      offerRuleSchema.parse({
        id: 'repayment-reminder',
        moment: 'repayment_near',
        action: 'reminder',
        maxPerCustomer: 1,
        perDays: 7,
      }),
    );
    const base = { locale: 'en' as const, text: 'hello', understanding: understood(false, 'greeting') };
    const near = store.create({ channel: 'chat', locale: 'en', customerRef: 'C-1003' });
    const offer = await engine.consider({ ...base, conversationId: near.id, customerRef: 'C-1003' });
    expect(offer?.text).toMatch(/your next repayment of [\d.]+ \w+ is due on \d{4}-\d{2}-\d{2}/);
    // C-1001's car loan is twelve days off; an unverified customer has no repayments to speak of.
    const far = store.create({ channel: 'chat', locale: 'en', customerRef: 'C-1001' });
    expect(await engine.consider({ ...base, conversationId: far.id, customerRef: 'C-1001' })).toBeUndefined();
    const anonymous = store.create({ channel: 'chat', locale: 'en', customerRef: null });
    expect(
      await engine.consider({ ...base, conversationId: anonymous.id, customerRef: null }),
    ).toBeUndefined();
  });

  it('reminds a verified customer whose car is due for a service, from the dealer system', async () => {
    now = Date.parse(`${today}T10:00:00+08:00`);
    rules.splice(
      0,
      rules.length,
      offerRuleSchema.parse({ id: 'service-reminder', moment: 'maintenance_due', action: 'reminder' }),
    );
    const base = { text: 'hi', understanding: understood(false, 'greeting') };
    const due = store.create({ channel: 'chat', locale: 'zh-CN', customerRef: 'C-1001' });
    const offer = await engine.consider({
      ...base,
      locale: 'zh-CN',
      conversationId: due.id,
      customerRef: 'C-1001',
    });
    expect(offer?.text).toBe('温馨提醒：您的 示例 EV 500 保养日期是 2026-11-28，需要的话我可以帮您预约。');
    // C-1006's car is a month off; C-1003 has no car at this dealer.
    for (const ref of ['C-1006', 'C-1003']) {
      const other = store.create({ channel: 'chat', locale: 'en', customerRef: ref });
      expect(
        await engine.consider({ ...base, locale: 'en', conversationId: other.id, customerRef: ref }),
      ).toBeUndefined();
    }
  });

  it('makes no offer whose article the knowledge base does not have', async () => {
    rules.splice(
      0,
      rules.length,
      offerRuleSchema.parse({
        id: 'missing-article',
        moment: 'hesitation',
        action: 'offer',
        articleId: 'no-such-article',
      }),
    );
    const conversation = store.create({ channel: 'chat', locale: 'zh-CN', customerRef: null });
    expect(
      await engine.consider({
        conversationId: conversation.id,
        customerRef: null,
        locale: 'zh-CN',
        text: '再看看吧',
        understanding: understood(true),
      }),
    ).toBeUndefined();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KnowledgeSnapshot, knowledgeSnapshotSchema } from '@branchline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EdgeDatabase, openDatabase } from '../db/index.js';
import { composeAnswer } from './compose-answer.js';
import { KnowledgeBase } from './knowledge-base.js';

const snapshot = (id: string, articles: unknown[], synonyms: string[][] = []): KnowledgeSnapshot =>
  knowledgeSnapshotSchema.parse({
    format: 'branchline-kb/1',
    id,
    createdAt: '2026-11-01T00:00:00Z',
    synonyms,
    articles,
  });

const demo = snapshot(
  'kb-1',
  [
    {
      id: 'hours',
      version: 1,
      title: '网点营业时间',
      locale: 'zh-CN',
      body: '# 营业时间\n\n本网点周一至周五 9:00-17:00 营业。周六 9:00-12:00 营业，周日休息。\n\n# 节假日\n\n法定节假日网点暂停营业，自助设备照常使用。',
    },
    {
      id: 'mortgage-rate',
      version: 3,
      title: '住房贷款利率',
      locale: 'zh-CN',
      body: '首套住房贷款利率为 3.10%。二套住房贷款利率为 3.50%。利率以合同为准。',
    },
    {
      id: 'card-activation',
      version: 1,
      title: 'Activating your debit card',
      locale: 'en',
      body: 'Activate a new debit card in the app under Cards. You can also activate it at any ATM by making a balance enquiry with your PIN.\n\nCards not activated within 90 days are cancelled.',
    },
    {
      id: 'winter-offer',
      version: 1,
      title: '冬季存款优惠',
      locale: 'zh-CN',
      body: '冬季定期存款利率上浮 0.2%。',
      validUntil: '2026-03-01T00:00:00Z',
    },
  ],
  [['房贷', '住房贷款', 'mortgage']],
);

let dir: string;
let db: EdgeDatabase;
let kb: KnowledgeBase;
const now = new Date('2026-11-23T10:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-kb-'));
  db = openDatabase(join(dir, 'edge.db'));
  kb = new KnowledgeBase(db);
  kb.install(demo);
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('knowledge base on the edge', () => {
  it('finds the passage that answers a Chinese question first', () => {
    const hits = kb.search('你们周六营业吗？营业时间是几点', { locale: 'zh-CN', now });
    expect(hits[0]).toMatchObject({ articleId: 'hours', heading: '营业时间' });
  });

  it('finds English passages by word parts, and filters by locale', () => {
    const hits = kb.search('how do I activate my new card?', { locale: 'en', now });
    expect(hits[0]?.articleId).toBe('card-activation');
    expect(kb.search('how do I activate my new card?', { locale: 'zh-CN', now })).toEqual([]);
  });

  it('uses the snapshot synonyms: 房贷 finds 住房贷款', () => {
    expect(kb.search('房贷利率多少', { now })[0]?.articleId).toBe('mortgage-rate');
  });

  it('still works for queries shorter than three characters', () => {
    expect(kb.search('利率', { now }).map((h) => h.articleId)).toContain('mortgage-rate');
  });

  it('answers a question of one Chinese character from the characters index', () => {
    expect(kb.search('率', { now }).map((h) => h.articleId)).toEqual(['mortgage-rate']);
  });

  it('corrects an English typo to a word the knowledge base uses', () => {
    expect(kb.search('actvate card', { locale: 'en', now })[0]?.articleId).toBe('card-activation');
  });

  it('takes its candidates from the rare words when common ones are in hundreds of passages', () => {
    const branches = Array.from({ length: 400 }, (_, i) => ({
      id: `branch-${i}`,
      version: 1,
      title: `Branch ${i} opening hours`,
      locale: 'en',
      body: `The service centre number ${i} is open from nine to five. Opening hours may change on holidays.`,
    }));
    kb.install(
      snapshot('kb-big', [
        ...branches,
        {
          id: 'lakeside',
          version: 1,
          title: 'Lakeside service centre',
          locale: 'en',
          body: 'The Lakeside service centre opening hours are 8:00 to 18:00 on weekdays.',
        },
      ]),
    );
    const hits = kb.search('Lakeside service centre opening hours', { locale: 'en', now });
    expect(hits[0]?.articleId).toBe('lakeside');
    // Only common words: still answered, from the passages that hold most of them.
    expect(kb.search('service centre opening hours', { locale: 'en', now, limit: 3 })).toHaveLength(3);
  });

  it('leaves out articles outside their validity', () => {
    expect(kb.search('冬季存款优惠', { now }).map((h) => h.articleId)).not.toContain('winter-offer');
    expect(kb.search('冬季存款优惠', { now: new Date('2026-01-15T00:00:00Z') })[0]?.articleId).toBe(
      'winter-offer',
    );
  });

  it('answers from the passage’s own sentences with a citation, or not at all', () => {
    const question = '首套房贷利率是多少？';
    const answer = composeAnswer(question, kb.search(question, { now }));
    expect(answer?.citation).toEqual({ id: 'mortgage-rate', title: '住房贷款利率' });
    expect(answer?.text).toContain('首套住房贷款利率为 3.10%');
    for (const sentence of answer?.text.split(/(?<=。)/) ?? []) {
      expect('首套住房贷款利率为 3.10%。二套住房贷款利率为 3.50%。利率以合同为准。').toContain(sentence);
    }
    const unrelated = '我的包裹什么时候到';
    expect(composeAnswer(unrelated, kb.search(unrelated, { now }))).toBeUndefined();
  });

  it('replaces the whole snapshot at once and reopens with it', () => {
    expect(kb.snapshotId()).toBe('kb-1');
    const next = snapshot('kb-2', [
      {
        id: 'hours',
        version: 2,
        title: '网点营业时间',
        locale: 'zh-CN',
        body: '本网点每天 8:00-20:00 营业。',
      },
    ]);
    expect(kb.install(next)).toEqual({ articles: 1, passages: 1 });
    expect(kb.search('住房贷款利率', { now })).toEqual([]);
    const reopened = new KnowledgeBase(db);
    expect(reopened.snapshotId()).toBe('kb-2');
    expect(reopened.search('营业时间', { now })[0]?.text).toContain('8:00-20:00');
  });
});

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runDialog } from './run-dialog.js';
import type { DialogTurn } from './types.js';

const log = pino({ level: 'silent' });
const passages = [
  {
    articleId: 'branch-hours',
    title: '网点营业时间',
    text: '西湖支行周一至周五9:00-17:00营业。周六上午营业，周日休息。节假日另行通知。',
  },
  {
    articleId: 'mortgage-rate',
    title: '首套房贷款利率',
    text: '本行提供多种贷款产品。自2026年12月1日起，首套房贷利率为 3.10%。二套房贷利率为 3.60%。',
  },
  {
    articleId: 'card-loss',
    title: 'Reporting a lost card',
    text: 'Call us at once if your card is lost. You can freeze a lost card in the app under Cards. A new card arrives in 5 working days.',
  },
];
const turn = (locale: DialogTurn['locale'], text: string): DialogTurn => ({
  conversationId: 'conv-1',
  edgeId: 'edge-hz',
  locale,
  history: [{ role: 'customer', text }],
  passages,
  tools: [],
  understanding: {},
});
const never = {
  delta: () => {
    throw new Error('the offline responder streams nothing');
  },
  callTool: () => Promise.reject(new Error('the offline responder calls no tools')),
};
const offline = (t: DialogTurn) =>
  runDialog(t, never, { client: undefined, model: 'x', deadlineMs: 1000, log });

describe('the offline responder', () => {
  it('quotes the closest sentences of the best passage in Chinese, says it is offline and cites', async () => {
    const answer = await offline(turn('zh-CN', '我的电话⟦PHONE_1⟧，请问首套房贷利率是多少？'));

    expect(answer).toMatchObject({
      offline: true,
      handoffReason: '',
      citations: [{ articleId: 'mortgage-rate', title: '首套房贷款利率' }],
    });
    expect(answer.text).toContain('智能助手暂时离线');
    expect(answer.text).toContain('自2026年12月1日起，首套房贷利率为 3.10%。');
    expect(answer.text).not.toContain('本行提供多种贷款产品');
    expect(answer.usage).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
    });
  });

  it('answers in English with an English note', async () => {
    const answer = await offline(turn('en', 'I lost my card, how do I freeze it?'));

    expect(answer.citations).toEqual([{ articleId: 'card-loss', title: 'Reporting a lost card' }]);
    expect(answer.text).toMatch(/^\(Our assistant is offline right now/);
    expect(answer.text).toContain('You can freeze a lost card in the app under Cards.');
    expect(answer.offline).toBe(true);
  });

  it('hands off when no passage shares anything with the question', async () => {
    expect(await offline(turn('zh-CN', '你好，我想投诉'))).toMatchObject({
      text: '',
      offline: true,
      handoffReason: 'offline_no_passage',
    });
    expect((await offline(turn('en', 'What is the weather like?'))).handoffReason).toBe('offline_no_passage');
  });

  it('hands off when there are no passages at all', async () => {
    const answer = await offline({ ...turn('en', 'lost card'), passages: [] });
    expect(answer.handoffReason).toBe('offline_no_passage');
  });
});

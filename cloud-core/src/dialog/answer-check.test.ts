import { describe, expect, it } from 'vitest';
import { canonicalNumber, checkAnswer, extractFacts, splitSentences } from './answer-check.js';

const rates = '首套房贷利率为 3.10%，二套为 3.60%。2026年12月1日起执行。手续费 ¥1,200 元。';
const ratesEn = 'The first-home mortgage rate is 3.10% from 2026-12-01. The fee is $1,200.';

describe('splitSentences', () => {
  it('splits Chinese at 。！？； and keeps decimals whole', () => {
    expect(splitSentences('利率为3.10%。请问还有问题吗？好的！')).toEqual([
      '利率为3.10%。',
      '请问还有问题吗？',
      '好的！',
    ]);
  });

  it('splits English at a full stop before white space, not inside 3.1 or at a line break mid-word', () => {
    expect(splitSentences('The rate is 3.1%. Fees apply!\nCall us')).toEqual([
      'The rate is 3.1%.',
      'Fees apply!',
      'Call us',
    ]);
  });

  it('keeps a closing quote with its sentence', () => {
    expect(splitSentences('他说“好。”然后走了。')).toEqual(['他说“好。”', '然后走了。']);
  });
});

describe('extractFacts', () => {
  it('normalizes full-width digits, commas and trailing zeros', () => {
    expect([...extractFacts('利率３．１０％，金额 12,000 元，期限 030 天').numbers]).toEqual([
      '3.1',
      '12000',
      '30',
    ]);
    expect(canonicalNumber('3.10')).toBe(canonicalNumber('3.1'));
  });

  it('reads dates in ISO, Chinese and English forms as dates, not loose numbers', () => {
    const facts = extractFacts('2026-12-01 或 2026年12月1日，12月1日，3月，December 1, 2026');
    expect(facts.numbers.size).toBe(0);
    expect(facts.dates).toEqual([
      { y: 2026, m: 12, d: 1 },
      { y: 2026, m: 12, d: 1 },
      { m: 12, d: 1 },
      { m: 3 },
      { y: 2026, m: 12, d: 1 },
    ]);
  });

  it('ignores the digits of personal-data tokens', () => {
    expect(extractFacts('我们会致电 ⟦PHONE_1⟧ 联系 ⟦NAME_2⟧').numbers.size).toBe(0);
  });
});

describe('checkAnswer', () => {
  it('passes a Chinese answer whose numbers are in the passage, however they are written', () => {
    const result = checkAnswer('首套房贷利率为3.1%，自12月1日起执行。手续费为1200元。', [rates]);
    expect(result).toMatchObject({ ok: true, factSentences: 2 });
  });

  it('fails a Chinese answer with an invented rate', () => {
    const result = checkAnswer('您好！首套房贷利率为 2.85%。', [rates]);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual([{ sentence: '首套房贷利率为 2.85%。', unsupported: ['2.85'] }]);
  });

  it('fails a Chinese answer with a date the passage does not give', () => {
    expect(checkAnswer('新利率自2027年1月1日起执行。', [rates]).ok).toBe(false);
    expect(checkAnswer('新利率自3月起执行。', [rates]).ok).toBe(false);
    expect(checkAnswer('新利率自2026年12月起执行。', [rates]).ok).toBe(true);
  });

  it('passes sentences without facts, whatever the sources', () => {
    expect(checkAnswer('这个问题我会转给同事，请稍候。', [])).toEqual({
      ok: true,
      factSentences: 0,
      failures: [],
    });
    expect(checkAnswer('I will pass this to a colleague. ⟦NAME_1⟧ will hear from us.', []).ok).toBe(true);
  });

  it('passes an English answer with the passage numbers in other forms', () => {
    const result = checkAnswer('The rate is 3.1% from December 1, 2026. The fee is $1200.', [ratesEn]);
    expect(result).toMatchObject({ ok: true, factSentences: 2 });
  });

  it('fails an English answer with an invented fee, naming only the bad sentence', () => {
    const result = checkAnswer('The rate is 3.10%. The fee is $950.', [ratesEn]);
    expect(result.failures).toEqual([{ sentence: 'The fee is $950.', unsupported: ['950'] }]);
  });

  it('fails an English date off by a day', () => {
    expect(checkAnswer('It starts on Dec 2.', [ratesEn]).ok).toBe(false);
    expect(checkAnswer('It starts on 1st December.', [ratesEn]).ok).toBe(true);
  });

  it('accepts facts from tool outputs', () => {
    const tool = JSON.stringify({ order: '⟦ORDER_1⟧', status: 'shipped', eta: '2026-03-05', amount: 199.5 });
    expect(checkAnswer('您的订单 ⟦ORDER_1⟧ 预计3月5日送达，金额199.50元。', [tool]).ok).toBe(true);
    expect(checkAnswer('您的订单预计3月6日送达。', [tool]).ok).toBe(false);
  });

  it('fails when there are no sources at all and the answer states a number', () => {
    expect(checkAnswer('年费为 200 元。', []).ok).toBe(false);
  });

  it('reads Chinese numerals and 万 on both sides', () => {
    const passage = '个人消费贷款最高 50,000 元，审批通过后 3 个工作日内放款。';
    expect(checkAnswer('最高可贷五万元，三个工作日内放款。', [passage]).ok).toBe(true);
    expect(checkAnswer('最高可贷5万元。', [passage]).ok).toBe(true);
    expect(checkAnswer('最高可贷八万元。', [passage]).ok).toBe(false);
    expect(checkAnswer('五个工作日内放款。', [passage]).failures[0]?.unsupported).toEqual(['5']);
    expect(checkAnswer('定期存款年利率百分之一点七五。', ['三年期定期存款年利率 1.75%。']).ok).toBe(true);
  });

  it('lets the answer repeat a number the customer gave, but not a rate or a date they suggest', () => {
    const passage = 'Personal loans are available for terms of 12 to 60 months.';
    const customer = [
      'I want to borrow 20,000 over 36 months. The rate is 2.5%, right? It ends on 31 December?',
    ];
    expect(checkAnswer('A loan of 20,000 over 36 months is possible.', [passage], customer).ok).toBe(true);
    expect(checkAnswer('Yes, the rate is 2.5%.', [passage], customer).ok).toBe(false);
    expect(checkAnswer('Yes, it ends on 31 December.', [passage], customer).ok).toBe(false);
    expect(checkAnswer('A loan of 20,000 is possible.', [passage]).ok).toBe(false);
  });
});

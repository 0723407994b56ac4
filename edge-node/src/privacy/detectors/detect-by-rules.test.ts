import { describe, expect, it } from 'vitest';
import type { PiiSpan } from '../types.js';
import { detectByRules } from './detect-by-rules.js';
import { resolveOverlaps } from './resolve-overlaps.js';

// Fictitious values; ID check characters and Luhn digits computed independently.
const id = '110105199003071239';
const idAlsoLuhnValid = '110105199003071108';
const card = '6222021234567894';

const found = (text: string) => detectByRules(text).map((span) => [span.kind, span.value]);

describe('detectByRules', () => {
  it('finds every kind in one message, in text order, each pointing at the original', () => {
    const text = `我叫张伟，手机13812345678，身份证${id}，卡号${card}，邮箱zhang.wei@example.com，地址北京市朝阳区建国路88号`;
    const spans = detectByRules(text);
    expect(spans.map((s) => [s.kind, s.value, s.source])).toEqual([
      ['name', '张伟', 'cue:name'],
      ['phone', '13812345678', 'rule:phone'],
      ['id_number', id, 'rule:id_number'],
      ['bank_card', card, 'rule:bank_card'],
      ['email', 'zhang.wei@example.com', 'rule:email'],
      ['address', '北京市朝阳区建国路88号', 'cue:address'],
    ]);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.value);
  });

  it.each([
    [
      'Hi, my name is Wei Zhang, call +44 20 7946 0958 or email wei.zhang@example.com',
      [
        ['name', 'Wei Zhang'],
        ['phone', '+44 20 7946 0958'],
        ['email', 'wei.zhang@example.com'],
      ],
    ],
    [
      'Mr Smith lives at 221B Baker Street, London NW1 6XE, card 4111 1111 1111 1111',
      [
        ['name', 'Smith'],
        ['address', '221B Baker Street, London NW1 6XE'],
        ['bank_card', '4111 1111 1111 1111'],
      ],
    ],
    [
      '王先生您好，您尾号的卡已寄到上海市浦东新区世纪大道100号',
      [
        ['name', '王'],
        ['address', '上海市浦东新区世纪大道100号'],
      ],
    ],
  ])('finds what %j holds', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('keeps one span where detectors overlap', () => {
    // An ID number that also passes Luhn is an ID number, not a card.
    expect(found(`证件号${idAlsoLuhnValid}`)).toEqual([['id_number', idAlsoLuhnValid]]);
    // An address that is a phone number's mailbox is an email.
    expect(found('13812345678@163.com')).toEqual([['email', '13812345678@163.com']]);
    // "0086 138…" is a phone even though its digits could be a card's shape.
    expect(found('0086 13812345678')).toEqual([['phone', '0086 13812345678']]);
    // A cue name inside an address gives way to the longer address.
    expect(found('王府井大街1号')).toEqual([['address', '王府井大街1号']]);
  });

  it('works on full-width text, returning offsets into the original', () => {
    const text = '电话１３８１２３４５６７８，邮箱ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ';
    expect(detectByRules(text)).toEqual([
      { kind: 'phone', start: 2, end: 13, value: '１３８１２３４５６７８', source: 'rule:phone' },
      { kind: 'email', start: 16, end: 30, value: 'ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ', source: 'rule:email' },
    ]);
  });

  it.each([
    ['订单号 20241123001'],
    ['订单号：6222021234567894'],
    ['金额5000元，手续费12.50元'],
    ['2024-11-23 14:30 到账'],
    ['版本 v1.2.3 已发布'],
    ['身份证110105199003071238'],
    ['卡号6222021234567895'],
    ['I am calling about my bill'],
    ['I am Happy to help, version 2.10.3'],
    ['我想查一下上个月的账单，谢谢'],
    ['请到3号窗口办理'],
    ['客服热线400-800-8888'],
  ])('finds nothing in %j', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('returns nothing for empty text', () => {
    expect(detectByRules('')).toEqual([]);
  });
});

describe('resolveOverlaps', () => {
  const span = (kind: PiiSpan['kind'], start: number, end: number): PiiSpan => ({
    kind,
    start,
    end,
    value: 'x'.repeat(end - start),
    source: 'test',
  });

  it('prefers a rule kind over a longer cue kind', () => {
    expect(resolveOverlaps([span('address', 0, 20), span('phone', 5, 16)])).toEqual([span('phone', 5, 16)]);
  });

  it('prefers the longer span within the same class, and the better-checked kind on a tie', () => {
    expect(resolveOverlaps([span('phone', 0, 11), span('email', 0, 19)])).toEqual([span('email', 0, 19)]);
    expect(resolveOverlaps([span('bank_card', 0, 18), span('id_number', 0, 18)])).toEqual([
      span('id_number', 0, 18),
    ]);
  });

  it('keeps spans that do not overlap, sorted by start', () => {
    expect(resolveOverlaps([span('email', 10, 20), span('name', 0, 2), span('phone', 20, 31)])).toEqual([
      span('name', 0, 2),
      span('email', 10, 20),
      span('phone', 20, 31),
    ]);
  });
});

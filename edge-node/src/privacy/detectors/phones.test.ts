import { describe, expect, it } from 'vitest';
import { detectPhones } from './phones.js';

const values = (text: string) => detectPhones(text).map((span) => span.value);

describe('detectPhones', () => {
  it.each([
    ['请拨打13812345678联系我', '13812345678'],
    ['手机 138 1234 5678，谢谢', '138 1234 5678'],
    ['手机138-1234-5678', '138-1234-5678'],
    ['1381234 5678', '1381234 5678'],
    ['138.1234.5678', '138.1234.5678'],
    ['+86 138 1234 5678', '+86 138 1234 5678'],
    ['+86-138-1234-5678', '+86-138-1234-5678'],
    ['(+86) 13812345678', '(+86) 13812345678'],
    ['0086 13812345678', '0086 13812345678'],
    ['tel13812345678ok', '13812345678'],
    ['电话010-12345678', '010-12345678'],
    ['座机 (021) 6123 4567', '(021) 6123 4567'],
    ['0755-8888 6666', '0755-8888 6666'],
    ['电话：020-8888 6666转123', '020-8888 6666'],
    ['Call me on +44 20 7946 0958 today', '+44 20 7946 0958'],
    ['UK: +44 (0)20 7946 0958', '+44 (0)20 7946 0958'],
    ['mobile +44 7700 900123', '+44 7700 900123'],
    ['0044 20 7946 0958', '0044 20 7946 0958'],
    ['US office +1 415-555-0132', '+1 415-555-0132'],
    ['US office (415) 555-0132', '(415) 555-0132'],
    ['call 415-555-0132 after 5', '415-555-0132'],
    ['+81 3-1234-5678', '+81 3-1234-5678'],
    ['+852 9123 4567', '+852 9123 4567'],
  ])('finds the number in %j', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('finds several numbers and gives offsets into the original text', () => {
    const text = '我的手机13812345678，家里电话010-12345678。';
    const spans = detectPhones(text);
    expect(spans.map((s) => s.value)).toEqual(['13812345678', '010-12345678']);
    for (const span of spans) {
      expect(text.slice(span.start, span.end)).toBe(span.value);
      expect(span).toMatchObject({ kind: 'phone', source: 'rule:phone' });
    }
  });

  it('finds full-width digits and points at the original characters', () => {
    const text = '手机号１３８１２３４５６７８，座机（０２１）６１２３－４５６７';
    const spans = detectPhones(text);
    expect(spans.map((s) => s.value)).toEqual(['１３８１２３４５６７８', '（０２１）６１２３－４５６７']);
    expect(spans[0]).toMatchObject({ start: 3, end: 14 });
  });

  it.each([
    ['订单号 20241123001'],
    ['金额5000元'],
    ['金额13800元'],
    ['2024-11-23'],
    ['2024.11.23'],
    ['20241123'],
    ['时间14:30'],
    ['version 1.2.3'],
    ['版本 v10.2.31'],
    ['12345678901'],
    ['138123456789 is twelve digits'],
    ['卡号4111 1111 1111 1111'],
    ['400-800-8888是客服热线'],
    ['95588'],
  ])('finds nothing in %j', (text) => {
    expect(values(text)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { detectBankCards } from './bank-cards.js';
import { isLuhnValid } from './checksums.js';

// Fictitious or published test numbers; Luhn digits computed independently.
const unionPay16 = '6222021234567894';
const unionPay19 = '6228480012345678903';

const values = (text: string) => detectBankCards(text).map((span) => span.value);

describe('isLuhnValid', () => {
  it('accepts valid numbers and rejects a changed digit', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('378282246310005')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
  });
});

describe('detectBankCards', () => {
  it.each([
    [`卡号${unionPay16}，谢谢`, unionPay16],
    [`卡号 ${unionPay19}`, unionPay19],
    ['card 4111 1111 1111 1111 expires 12/29', '4111 1111 1111 1111'],
    ['card 4111-1111-1111-1111', '4111-1111-1111-1111'],
    ['卡号6228 4800 1234 5678 903', '6228 4800 1234 5678 903'],
    ['卡号622848 0012345678903', '622848 0012345678903'],
    ['Amex 3782 822463 10005', '3782 822463 10005'],
    ['Mastercard 5555555555554444.', '5555555555554444'],
    ['转账5000元到卡 6222 0212 3456 7894 5000', '6222 0212 3456 7894'],
  ])('finds the card in %j', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('finds full-width digits with offsets into the original', () => {
    const text = '卡号６２２２　０２１２　３４５６　７８９４';
    const spans = detectBankCards(text);
    expect(spans).toEqual([
      { kind: 'bank_card', start: 2, end: text.length, value: text.slice(2), source: 'rule:bank_card' },
    ]);
  });

  it.each([
    ['a number failing Luhn', '卡号6222021234567895'],
    ['a grouped number failing Luhn', '4111 1111 1111 1112'],
    ['Luhn-valid digits inside a longer run', `流水${unionPay16}1234`],
    ['a resident ID number that also passes Luhn', '110105199003071108'],
    ['an order number', '订单号 20241123001'],
    ['a Luhn-valid order number', `订单号：${unionPay16}`],
    ['an order number in English', `order no. ${unionPay16}`],
    ['a phone number with its country code', '0086 13812345678'],
    ['filler', '0000 0000 0000 0000'],
    ['an amount', '5000元'],
    ['a date', '2024-11-23'],
  ])('ignores %s', (_, text) => {
    expect(values(text)).toEqual([]);
  });
});

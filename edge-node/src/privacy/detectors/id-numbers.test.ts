import { describe, expect, it } from 'vitest';
import { residentIdCheckChar } from './checksums.js';
import { detectIdNumbers, isResidentIdNumber } from './id-numbers.js';

// Fictitious numbers; check characters computed independently (ISO 7064 MOD 11-2).
const valid = '110105199003071239';
const validX = '44030519780215002X';
const old15 = '110105900307123'; // born 1990-03-07, no check digit in this form

const values = (text: string) => detectIdNumbers(text).map((span) => span.value);

describe('residentIdCheckChar', () => {
  it('computes the MOD 11-2 check character, X for 10', () => {
    expect(residentIdCheckChar('11010519900307123')).toBe('9');
    expect(residentIdCheckChar('44030519780215002')).toBe('X');
  });
});

describe('detectIdNumbers', () => {
  it.each([
    [`身份证号${valid}，谢谢`, valid],
    [`ID ${validX}.`, validX],
    [`身份证 ${validX.toLowerCase()}`, validX.toLowerCase()],
    ['身份证 110105 19900307 1239', '110105 19900307 1239'],
    [`旧身份证${old15}`, old15],
  ])('finds the ID number in %j', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('points at the original text when the digits are full-width', () => {
    const wide = valid.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const spans = detectIdNumbers(`身份证：${wide}`);
    expect(spans).toEqual([{ kind: 'id_number', start: 4, end: 22, value: wide, source: 'rule:id_number' }]);
  });

  it.each([
    ['a wrong check character', '身份证110105199003071238'],
    ['a birth date in the future', '身份证110105209901011234'],
    ['a birth date that does not exist', '身份证110105199002301231'],
    [
      'an unknown province code',
      '身份证990105199003071239'.replace(/.$/, residentIdCheckChar('99010519900307123')),
    ],
    ['a longer digit run', `流水号9${valid}`],
    ['a longer digit run after it', `${valid}0`],
    ['an old-form number with a bad date', '110105901332123'],
    ['an order number', '订单号 20241123001'],
  ])('ignores %s', (_, text) => {
    expect(values(text)).toEqual([]);
  });

  it('checks bare numbers too', () => {
    expect(isResidentIdNumber(valid)).toBe(true);
    expect(isResidentIdNumber(old15)).toBe(true);
    expect(isResidentIdNumber('110105199003071238')).toBe(false);
  });
});

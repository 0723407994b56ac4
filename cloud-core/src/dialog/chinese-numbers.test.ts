import { describe, expect, it } from 'vitest';
import { chineseNumeralValue, readChineseNumbers } from './chinese-numbers.js';

describe('Chinese numerals', () => {
  it('reads numerals with and without units', () => {
    expect(chineseNumeralValue('十五')).toBe(15);
    expect(chineseNumeralValue('二十')).toBe(20);
    expect(chineseNumeralValue('一百零五')).toBe(105);
    expect(chineseNumeralValue('一万二千')).toBe(12000);
    expect(chineseNumeralValue('二〇二六')).toBe(2026);
    expect(chineseNumeralValue('三亿五千万')).toBe(350_000_000);
  });

  it('turns counted numerals into digits and multiplies out 万 and 亿 exactly', () => {
    expect(readChineseNumbers('三个工作日内到账')).toBe('3个工作日内到账');
    expect(readChineseNumbers('年利率百分之三点一')).toBe('年利率3.1%');
    expect(readChineseNumbers('最高可贷5万元')).toBe('最高可贷50000元');
    expect(readChineseNumbers('额度 3.3万')).toBe('额度 33000');
    expect(readChineseNumbers('总额1.25亿')).toBe('总额125000000');
    expect(readChineseNumbers('贷款三十万')).toBe('贷款300000');
    expect(readChineseNumbers('十二月一日起')).toBe('12月1日起');
    expect(readChineseNumbers('二〇二六年三月')).toBe('2026年3月');
  });

  it('leaves words that only look like numerals', () => {
    for (const text of [
      '请稍等一下',
      '我们统一处理',
      '万一卡丢了',
      '千万不要告诉别人',
      '这是一个问题',
      '一次性还清',
    ]) {
      expect(readChineseNumbers(text)).toBe(text);
    }
  });
});

/**
 * Chinese numerals as digits, so the answer check compares "三个工作日" with "3 个工作日" and
 * "5万元" with "50,000 元". Only numerals that count something are read: a measure word or
 * unit follows, or 百分之 comes before. "一下", "统一", "万一" and "千万" stay words.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

const NUMERAL = '[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*';
const FRACTION = '(?:点([零〇一二三四五六七八九]+))?';
const COUNTED =
  '(?=[个天日号年月周期次笔张倍岁元块%万亿点分秒成折档位台辆件户份条名期]|工作日|小时|分钟|星期)';
const PERCENT = new RegExp(`百分之(${NUMERAL})${FRACTION}`, 'g');
const COUNT = new RegExp(`(?<![零〇一二两三四五六七八九十百千万亿])(${NUMERAL})${FRACTION}${COUNTED}`, 'g');
/** What a lone 一 must come before to be a figure: dates, periods, multiples. */
const LONE_ONE = /^(?:[日号年月周天倍万亿%成折]|工作日|小时|分钟|星期)/;
/** 5万, 1.5亿 and (after the above) 30000 written as 3万. */
const ARABIC_BIG = /(\d+(?:\.\d+)?)\s*(万|亿)/g;

/** The value of a Chinese numeral: "十五" 15, "一万二千" 12000, "二〇二六" 2026. */
export function chineseNumeralValue(numeral: string): number | undefined {
  const chars = [...numeral];
  if (chars.every((c) => c in DIGITS)) {
    return Number(chars.map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const c of chars) {
    if (c in DIGITS) {
      digit = DIGITS[c];
    } else if (c in UNITS) {
      section += (digit ?? 1) * (UNITS[c] ?? 1);
      digit = undefined;
    } else if (c in BIG) {
      total += (section + (digit ?? 0)) * (BIG[c] ?? 1);
      section = 0;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + section + (digit ?? 0);
}

/** `digits` times 10^`places`, in decimal text: 1.5 and 4 places is 15000, never 14999.999. */
function shift(digits: string, places: number): string {
  const [whole = '0', fraction = ''] = digits.split('.');
  const padded = fraction.padEnd(places, '0');
  const result = `${whole}${padded.slice(0, places)}${padded.length > places ? `.${padded.slice(places)}` : ''}`;
  return result.replace(/^0+(?=\d)/, '');
}

function asDigits(numeral: string, fraction: string | undefined): string | undefined {
  const value = chineseNumeralValue(numeral);
  if (value === undefined) return undefined;
  const decimals = fraction ? [...fraction].map((c) => DIGITS[c]).join('') : '';
  return decimals ? `${value}.${decimals}` : String(value);
}

/** The text with counted Chinese numerals as digits and 万/亿 multiplied out. */
export function readChineseNumbers(text: string): string {
  const percent = text.replace(PERCENT, (whole, numeral: string, fraction?: string) => {
    const digits = asDigits(numeral, fraction);
    return digits === undefined ? whole : `${digits}%`;
  });
  const counted = percent.replace(
    COUNT,
    (whole, numeral: string, fraction: string | undefined, at: number) => {
      // A lone 一 before 个, 次, 点... is mostly an article ("一个问题", "一次性", "一点"), not a figure.
      if (numeral === '一' && !fraction && !LONE_ONE.test(percent.slice(at + 1))) return whole;
      const digits = asDigits(numeral, fraction);
      return digits === undefined ? whole : digits;
    },
  );
  return counted.replace(ARABIC_BIG, (_whole, digits: string, big: string) =>
    shift(digits, big === '万' ? 4 : 8),
  );
}

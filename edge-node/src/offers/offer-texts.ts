import type { Locale } from '../conversation/types.js';

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/** The words around what an offer quotes: the quoted terms are the knowledge base's, unchanged. */
export const offerTexts = {
  offer: (locale: Locale, title: string, terms: string) =>
    locale === 'zh-CN'
      ? `如果您还在比较，这是「${title}」的条款，供您参考：\n${terms}`
      : `In case it helps you decide, here are the terms of "${title}":\n${terms}`,
  reviews: (locale: Locale, title: string, terms: string) =>
    locale === 'zh-CN'
      ? `也可以看看其他客户怎么说（「${title}」）：\n${terms}`
      : `You may like to see what other customers say ("${title}"):\n${terms}`,
  repayment: (locale: Locale, date: string, minor: number, currency: string) =>
    locale === 'zh-CN'
      ? `温馨提醒：您下一期还款日是 ${date}，应还 ${money(minor, currency)}。`
      : `A reminder: your next repayment of ${money(minor, currency)} is due on ${date}.`,
  service: (locale: Locale, model: string, date: string) =>
    locale === 'zh-CN'
      ? `温馨提醒：您的 ${model} 保养日期是 ${date}，需要的话我可以帮您预约。`
      : `A reminder: your ${model} is due for its service on ${date}. I can book it for you if you like.`,
};

/** The first passages of an article, whole, up to about `max` characters. */
export function excerpt(passages: readonly { text: string }[], max = 400): string {
  let out = '';
  for (const p of passages) {
    if (out.length > 0 && out.length + p.text.length > max) break;
    out += (out ? '\n' : '') + p.text.trim();
  }
  return out.length > max * 1.5 ? `${out.slice(0, max)}…` : out;
}

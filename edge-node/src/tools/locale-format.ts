import type { Order } from '../connector/index.js';
import type { ToolLocale } from './tool.js';

/**
 * Formatting every tool shares, so a date or an order reads the same in all replies. Days are
 * calendar days: formatted at UTC midnight so no zone can move them to the day before.
 */

// Intl formatters are costly to build and safe to share: one per locale (and currency).
const cached = <T>(make: (key: string) => T) => {
  const made = new Map<string, T>();
  return (key: string): T => {
    let value = made.get(key);
    if (!value) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
};
const dayFormat = cached(
  (locale) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' }),
);
const moneyFormat = cached((key) => {
  const [locale, currency] = key.split('|');
  return new Intl.NumberFormat(locale, { style: 'currency', currency });
});
const listFormat = cached((locale) => new Intl.ListFormat(locale, { type: 'conjunction' }));

export function formatDay(day: string, locale: ToolLocale): string {
  return dayFormat(locale).format(new Date(`${day}T00:00:00Z`));
}

export function formatMoney(minor: number, currency: string, locale: ToolLocale): string {
  return moneyFormat(`${locale}|${currency}`).format(minor / 100);
}

/** "A, B and C" / "A、B和C". */
export function formatList(items: readonly string[], locale: ToolLocale): string {
  return listFormat(locale).format(items);
}

/** An order as the customer recognises it: its id and what is in it. */
export function orderLabel(order: Pick<Order, 'id' | 'item'>, locale: ToolLocale): string {
  return locale === 'zh-CN' ? `${order.id}（${order.item}）` : `${order.id} (${order.item})`;
}

import type { Order } from '../connector/index.js';
import type { ToolLocale } from './tool.js';

/**
 * Formatting every tool shares, so a date or an order reads the same in all replies. Days are
 * calendar days: formatted at UTC midnight so no zone can move them to the day before.
 */

export function formatDay(day: string, locale: ToolLocale): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

export function formatMoney(minor: number, currency: string, locale: ToolLocale): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
}

/** "A, B and C" / "A、B和C". */
export function formatList(items: readonly string[], locale: ToolLocale): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}

/** An order as the customer recognises it: its id and what is in it. */
export function orderLabel(order: Pick<Order, 'id' | 'item'>, locale: ToolLocale): string {
  return locale === 'zh-CN' ? `${order.id}（${order.item}）` : `${order.id} (${order.item})`;
}

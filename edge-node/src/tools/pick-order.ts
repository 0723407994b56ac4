import { z } from 'zod';
import { type BranchConnector, type Order, openOrderStatuses } from '../connector/index.js';
import { formatList, orderLabel } from './locale-format.js';
import type { ToolLocale, ToolResult } from './tool.js';

/** Which order a request is about, or why that cannot be told yet. */
export type OrderPick =
  | { kind: 'found'; order: Order }
  | { kind: 'not_found'; orderId: string }
  | { kind: 'none_open'; latest: Order | undefined }
  | { kind: 'ambiguous'; open: Order[] };

/**
 * The named order if it is this customer's; with no id, the one open order. Guessing among
 * several would risk acting on the wrong parcel, so the customer is asked instead.
 */
export async function pickOrder(
  connector: BranchConnector,
  customerRef: string,
  orderId: string | undefined,
): Promise<OrderPick> {
  if (orderId !== undefined) {
    const order = await connector.order(customerRef, orderId);
    return order ? { kind: 'found', order } : { kind: 'not_found', orderId };
  }
  const all = await connector.ordersOf(customerRef);
  const open = all.filter((o) => openOrderStatuses.includes(o.status));
  const [only] = open;
  if (only && open.length === 1) return { kind: 'found', order: only };
  if (open.length === 0) return { kind: 'none_open', latest: all[0] };
  return { kind: 'ambiguous', open };
}

/** The reply for a pick that names no single order of this customer's. */
export function unpickedReply(
  pick: Extract<OrderPick, { kind: 'not_found' | 'ambiguous' }>,
  locale: ToolLocale,
): ToolResult {
  if (pick.kind === 'not_found') {
    return {
      ok: false,
      reply:
        locale === 'zh-CN'
          ? `您的账户下没有找到订单 ${pick.orderId}，请核对一下订单号。`
          : `I couldn't find order ${pick.orderId} on your account. Could you check the order number?`,
      outcome: { reason: 'order_not_found', orderId: pick.orderId },
    };
  }
  const list = formatList(
    pick.open.map((o) => orderLabel(o, locale)),
    locale,
  );
  return {
    ok: false,
    reply:
      locale === 'zh-CN'
        ? `您有 ${pick.open.length} 个进行中的订单：${list}。请问是哪一个？`
        : `You have ${pick.open.length} orders on the way: ${list}. Which one do you mean?`,
    outcome: { reason: 'order_ambiguous', candidates: pick.open.map((o) => o.id).join(',') },
  };
}

/** Order ids as a customer says them ("bl-240001 ") normalised to the stored form. */
export const orderIdInput = z
  .string()
  .trim()
  .toUpperCase()
  .min(1)
  .max(32)
  .describe('Order id such as BL-240001; leave out when the customer did not name one');

import { z } from 'zod';
import { type BranchConnector, BranchRefusal, type OrderStatus } from '../connector/index.js';
import { formatDay, orderLabel } from './locale-format.js';
import { orderIdInput, pickOrder, unpickedReply } from './pick-order.js';
import type { BranchTool, ToolLocale, ToolResult } from './tool.js';

const input = z.object({
  orderId: orderIdInput.optional(),
  address: z
    .string()
    .trim()
    .min(4)
    .max(200)
    .describe('The full new delivery address, as the customer gave it'),
});

/** Why an order's address is fixed now, by where the order is. */
const tooLate: Record<ToolLocale, Partial<Record<OrderStatus, string>>> = {
  'zh-CN': { shipped: '已经发货', delivered: '已经送达', cancelled: '已经取消' },
  en: { shipped: 'has already shipped', delivered: 'has already been delivered', cancelled: 'was cancelled' },
};

function refusalReply(refusal: BranchRefusal, orderId: string, locale: ToolLocale): ToolResult {
  if (refusal.reason === 'order_not_changeable') {
    const status = refusal.detail.orderStatus;
    const why = (status && tooLate[locale][status]) ?? (locale === 'zh-CN' ? '状态已变更' : 'has moved on');
    return {
      ok: false,
      reply:
        locale === 'zh-CN'
          ? `订单 ${orderId} ${why}，收货地址已无法修改。`
          : `Order ${orderId} ${why}, so its delivery address can no longer be changed.`,
      outcome: { reason: 'order_not_changeable', orderId, status: status ?? null },
    };
  }
  if (refusal.reason === 'invalid_address') {
    return {
      ok: false,
      reply:
        locale === 'zh-CN'
          ? '这个地址似乎不完整，请提供完整的收货地址。'
          : 'That address looks incomplete. Could you give me the full delivery address?',
      outcome: { reason: 'invalid_address', orderId },
    };
  }
  if (refusal.reason === 'order_not_found') {
    return unpickedReply({ kind: 'not_found', orderId }, locale);
  }
  throw refusal;
}

/** Sends an order not yet with the courier to a new address. */
export function changeDeliveryAddressTool(connector: BranchConnector): BranchTool<typeof input> {
  return {
    name: 'change_delivery_address',
    description:
      "Change where an order will be delivered, possible only before it ships. Give orderId if the customer named one; otherwise the customer's single open order is used.",
    input,
    // The new address arrives as a token; the pipeline must restore it for the branch to use it.
    reads: ['address'],
    async run(context, { orderId, address }) {
      const { locale } = context;
      const pick = await pickOrder(connector, context.customerRef, orderId);
      if (pick.kind === 'not_found' || pick.kind === 'ambiguous') return unpickedReply(pick, locale);
      if (pick.kind === 'none_open') {
        return {
          ok: false,
          reply:
            locale === 'zh-CN'
              ? '您目前没有可以修改收货地址的进行中订单。'
              : 'You have no orders on the way whose delivery address could be changed.',
          outcome: { reason: 'no_open_order' },
        };
      }
      try {
        const order = await connector.changeDeliveryAddress(context.customerRef, pick.order.id, address);
        const label = orderLabel(order, locale);
        const day = formatDay(order.expectedDelivery, locale);
        return {
          ok: true,
          reply:
            locale === 'zh-CN'
              ? `已为您修改：订单 ${label}将送往 ${order.deliveryAddress}，仍预计${day}送达。`
              : `Done. Order ${label} will now be delivered to ${order.deliveryAddress}, still expected on ${day}.`,
          mentions: [{ kind: 'address', value: order.deliveryAddress }],
          outcome: { orderId: order.id, status: order.status, addressChanged: true },
        };
      } catch (error) {
        if (error instanceof BranchRefusal) return refusalReply(error, pick.order.id, locale);
        throw error;
      }
    },
  };
}

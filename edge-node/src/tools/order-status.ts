import { z } from 'zod';
import type { BranchConnector, Order, OrderStatus } from '../connector/index.js';
import { formatDay, orderLabel } from './locale-format.js';
import { orderIdInput, pickOrder, unpickedReply } from './pick-order.js';
import type { BranchTool, ToolLocale } from './tool.js';

const input = z.object({ orderId: orderIdInput.optional() });

const statusText: Record<ToolLocale, Record<OrderStatus, (label: string, day: string) => string>> = {
  'zh-CN': {
    placed: (o, d) => `您的订单 ${o}已收到，正在备货，预计${d}送达。`,
    packed: (o, d) => `您的订单 ${o}已打包，正等待快递揽收，预计${d}送达。`,
    shipped: (o, d) => `您的订单 ${o}已发货，预计${d}送达。`,
    delivered: (o) => `您的订单 ${o}已经送达。`,
    cancelled: (o) => `您的订单 ${o}已取消。`,
  },
  en: {
    placed: (o, d) => `Your order ${o} has been received and is being prepared. It should arrive on ${d}.`,
    packed: (o, d) => `Your order ${o} is packed and waiting for the courier. It should arrive on ${d}.`,
    shipped: (o, d) => `Your order ${o} is on its way and should arrive on ${d}.`,
    delivered: (o) => `Your order ${o} has been delivered.`,
    cancelled: (o) => `Your order ${o} was cancelled.`,
  },
};

function describe(order: Order, locale: ToolLocale): string {
  return statusText[locale][order.status](
    orderLabel(order, locale),
    formatDay(order.expectedDelivery, locale),
  );
}

/** Where an order is; with no id, the customer's one open order. */
export function orderStatusTool(connector: BranchConnector): BranchTool<typeof input> {
  return {
    name: 'order_status',
    description:
      "Tell the customer where their order is and when it should arrive. Give orderId if the customer named one; otherwise the customer's single open order is used.",
    input,
    reads: [],
    async run(context, { orderId }) {
      const { locale } = context;
      const pick = await pickOrder(connector, context.customerRef, orderId);
      switch (pick.kind) {
        case 'not_found':
        case 'ambiguous':
          return unpickedReply(pick, locale);
        case 'none_open': {
          // Nothing on the way is an answer, not a failure; the latest order is what they likely mean.
          const none =
            locale === 'zh-CN' ? '您目前没有进行中的订单。' : 'You have no orders on the way right now.';
          const latest = pick.latest ? describe(pick.latest, locale) : '';
          return {
            ok: true,
            reply: latest ? `${none}${locale === 'zh-CN' ? '' : ' '}${latest}` : none,
            outcome: { openOrders: 0, orderId: pick.latest?.id ?? null, status: pick.latest?.status ?? null },
          };
        }
        case 'found':
          return {
            ok: true,
            reply: describe(pick.order, locale),
            outcome: {
              orderId: pick.order.id,
              status: pick.order.status,
              expectedDelivery: pick.order.expectedDelivery,
            },
          };
      }
    },
  };
}

import { z } from 'zod';
import {
  type BranchConnector,
  BranchRefusal,
  type VisitSlot,
  type VisitTopic,
  visitSlots,
  visitTopics,
} from '../connector/index.js';
import { formatDay } from './locale-format.js';
import type { BranchTool, ToolContext, ToolLocale, ToolResult } from './tool.js';

const input = z.object({
  date: z.iso.date().describe('Day of the visit, YYYY-MM-DD, from tomorrow up to 60 days ahead'),
  slot: z.enum(visitSlots).describe('morning or afternoon'),
  topic: z.enum(visitTopics).describe('What the technician comes for'),
});
type Input = z.infer<typeof input>;

const slotName: Record<ToolLocale, Record<VisitSlot, string>> = {
  'zh-CN': { morning: '上午', afternoon: '下午' },
  en: { morning: 'morning', afternoon: 'afternoon' },
};

const topicText: Record<ToolLocale, Record<VisitTopic, string>> = {
  'zh-CN': {
    installation: '安装',
    repair: '维修',
    maintenance: '保养',
    inspection: '检查',
    meter_reading: '抄表',
  },
  en: {
    installation: 'to do the installation',
    repair: 'for the repair',
    maintenance: 'for maintenance',
    inspection: 'for an inspection',
    meter_reading: 'to read the meter',
  },
};

async function slotTakenReply(
  connector: BranchConnector,
  { date, slot }: Input,
  locale: ToolLocale,
): Promise<ToolResult> {
  const other: VisitSlot = slot === 'morning' ? 'afternoon' : 'morning';
  const otherFree = await connector.isSlotFree(date, other);
  const day = formatDay(date, locale);
  const zh = otherFree
    ? `抱歉，${day}${slotName[locale][slot]}已约满，当天${slotName[locale][other]}还有空，需要帮您改约吗？`
    : `抱歉，${day}已全部约满，请换一天。`;
  const en = otherFree
    ? `Sorry, the ${slot} of ${day} is already taken, but the ${other} is free. Shall I book that instead?`
    : `Sorry, ${day} is fully booked. Could you pick another day?`;
  return {
    ok: false,
    reply: locale === 'zh-CN' ? zh : en,
    outcome: { reason: 'slot_taken', date, slot, otherSlotFree: otherFree },
  };
}

function outOfRangeReply(connector: BranchConnector, date: string, locale: ToolLocale): ToolResult {
  const { earliestDay, latestDay } = connector.bookingWindow();
  const from = formatDay(earliestDay, locale);
  const to = formatDay(latestDay, locale);
  return {
    ok: false,
    reply:
      locale === 'zh-CN'
        ? `上门服务可预约${from}至${to}之间的日期，请问您哪天方便？`
        : `I can book visits from ${from} to ${to}. Which day in that range suits you?`,
    outcome: { reason: 'date_out_of_range', date, earliestDay, latestDay },
  };
}

async function book(connector: BranchConnector, context: ToolContext, request: Input): Promise<ToolResult> {
  const { locale } = context;
  const visit = await connector.bookTechnicianVisit(
    context.customerRef,
    request.date,
    request.slot,
    request.topic,
  );
  const day = formatDay(visit.date, locale);
  return {
    ok: true,
    reply:
      locale === 'zh-CN'
        ? `已为您预约：技术员将于${day}${slotName[locale][visit.slot]}上门${topicText[locale][visit.topic]}，预约编号 ${visit.id}。`
        : `Booked: a technician will come on ${day} in the ${visit.slot} ${topicText[locale][visit.topic]}. Your booking reference is ${visit.id}.`,
    outcome: { visitId: visit.id, date: visit.date, slot: visit.slot, topic: visit.topic },
  };
}

/** Books a technician for a free half-day slot in the branch's diary. */
export function bookTechnicianVisitTool(connector: BranchConnector): BranchTool<typeof input> {
  return {
    name: 'book_technician_visit',
    description:
      'Book a technician visit at the customer’s address for a given day and half-day slot, from tomorrow up to 60 days ahead.',
    input,
    reads: [],
    async run(context, request) {
      try {
        return await book(connector, context, request);
      } catch (error) {
        if (!(error instanceof BranchRefusal)) throw error;
        if (error.reason === 'slot_taken') return slotTakenReply(connector, request, context.locale);
        if (error.reason === 'date_out_of_range' || error.reason === 'invalid_date') {
          return outOfRangeReply(connector, request.date, context.locale);
        }
        throw error;
      }
    },
  };
}

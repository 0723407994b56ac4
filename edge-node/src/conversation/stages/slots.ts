/** Tool inputs a customer gives in passing: an order id, a day, a time of day, a new address. */
export interface Slots {
  orderId?: string;
  date?: string;
  slot?: 'morning' | 'afternoon';
  topic?: 'installation' | 'repair' | 'maintenance' | 'inspection' | 'meter_reading';
  /** A token (⟦ADDRESS_1⟧); the tool gets the original only if it may read addresses. */
  address?: string;
}

const orderIdPattern = /\b([A-Z]{2}-\d{6})\b/iu;
const isoDatePattern = /\b(20\d{2})-(\d{1,2})-(\d{1,2})\b/u;
const zhDatePattern = /(\d{1,2})月(\d{1,2})[日号]/u;

const topics: [NonNullable<Slots['topic']>, RegExp][] = [
  ['meter_reading', /抄表|读表|meter/iu],
  ['installation', /安装|装机|install/iu],
  ['maintenance', /保养|维护|maintenance|servic/iu],
  ['inspection', /检查|检测|inspect/iu],
  ['repair', /维修|修理|坏了|故障|不热|repair|broken|fix/iu],
];

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dayFrom(text: string, today: Date): string | undefined {
  const iso = isoDatePattern.exec(text);
  if (iso) return `${iso[1]}-${iso[2]?.padStart(2, '0')}-${iso[3]?.padStart(2, '0')}`;
  const zh = zhDatePattern.exec(text);
  if (zh) {
    const year = today.getUTCFullYear();
    const candidate = new Date(Date.UTC(year, Number(zh[1]) - 1, Number(zh[2])));
    // "3月2日" said in December means next year's.
    if (candidate.getTime() < today.getTime() - 86_400_000) candidate.setUTCFullYear(year + 1);
    return isoDay(candidate);
  }
  const offset = /后天|day after tomorrow/iu.test(text) ? 2 : /明天|tomorrow/iu.test(text) ? 1 : undefined;
  if (offset === undefined) return undefined;
  return isoDay(new Date(today.getTime() + offset * 86_400_000));
}

export function extractSlots(tokenizedText: string, today = new Date()): Slots {
  const slots: Slots = {};
  const order = orderIdPattern.exec(tokenizedText);
  if (order?.[1]) slots.orderId = order[1].toUpperCase();
  const date = dayFrom(tokenizedText, today);
  if (date) slots.date = date;
  if (/上午|早上|morning/iu.test(tokenizedText)) slots.slot = 'morning';
  else if (/下午|afternoon/iu.test(tokenizedText)) slots.slot = 'afternoon';
  const topic = topics.find(([, pattern]) => pattern.test(tokenizedText));
  if (topic) slots.topic = topic[0];
  const address = /⟦ADDRESS_\d+⟧/u.exec(tokenizedText);
  if (address) slots.address = address[0];
  return slots;
}

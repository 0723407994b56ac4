import { randomUUID } from 'node:crypto';
import { eventsSubject } from '@branchline/shared';
import { seededRandom } from '../../training/random.js';

export interface SyntheticEvent {
  id: string;
  subject: string;
  body: string;
}

/** What the generator sent, to check a read model against. */
export interface SyntheticTotals {
  conversations: number;
  turns: number;
  handoffs: number;
  alerts: number;
}

/** Intent, share of customer turns, and who answers it (the default routing policy's choices). */
const intents: [string | null, number, 'tool' | 'local' | 'cloud' | 'human', string][] = [
  ['order_status', 0.14, 'tool', 'tool_intent'],
  ['change_delivery_address', 0.06, 'tool', 'tool_intent'],
  ['loan_repayment_date', 0.05, 'tool', 'tool_intent'],
  ['book_technician_visit', 0.05, 'tool', 'tool_intent'],
  ['atm_location', 0.06, 'local', 'knowledge_intent'],
  ['branch_opening_hours', 0.06, 'local', 'knowledge_intent'],
  ['card_activation', 0.05, 'local', 'knowledge_intent'],
  ['deposit_rate_inquiry', 0.04, 'local', 'knowledge_intent'],
  ['exchange_rate', 0.04, 'local', 'knowledge_intent'],
  ['password_reset', 0.05, 'cloud', 'general'],
  ['bill_explanation', 0.05, 'cloud', 'general'],
  ['tariff_change', 0.04, 'cloud', 'general'],
  ['mortgage_rate_inquiry', 0.04, 'cloud', 'general'],
  ['meter_reading_submit', 0.04, 'cloud', 'general'],
  ['greeting', 0.05, 'local', 'small_talk'],
  ['thanks_goodbye', 0.03, 'local', 'small_talk'],
  ['complaint', 0.02, 'human', 'complaint'],
  ['request_human_agent', 0.01, 'human', 'requested'],
  [null, 0.12, 'cloud', 'low_confidence'],
];
/** Hand-offs the router makes on other grounds than the intent, about one turn in a hundred. */
const otherHandoffs = ['negative_sentiment', 'compliance_flag', 'rising_anger', 'answer_check_failed'];
const texts = {
  'zh-CN': [
    '我的订单⟦ORDER_1⟧什么时候到',
    '请帮我查一下尾号⟦ACCOUNT_1⟧的账户余额',
    '我想把收货地址改成⟦ADDRESS_1⟧',
    '信用卡怎么激活？我的手机号是⟦PHONE_1⟧',
    '你们⟦ADDRESS_1⟧的网点几点开门',
    '这个月电费为什么这么高，户号⟦ACCOUNT_1⟧',
    '我要投诉，等了三天都没人处理',
    '转人工',
    '理财收益太低了，而且手续费还要收',
    '这款电动车价格有点贵，但是续航很长',
  ],
  en: [
    'When will order ⟦ORDER_1⟧ arrive?',
    'Please change my delivery address to ⟦ADDRESS_1⟧',
    'What is the deposit rate for 12 months?',
    'I want to speak to a person, my number is ⟦PHONE_1⟧',
    'The annual fee is too high, I am worried about hidden charges',
  ],
} as const;

interface Conversation {
  id: string;
  edgeId: string;
  locale: 'zh-CN' | 'en';
  /** Customer turns still to come; -1 before the start. */
  left: number;
  withPerson: boolean;
}

/**
 * Synthetic fleet events for benchmarks and demos: `events` events of `edges` edges over `days`
 * days, in time order as the stream holds them. About 10% conversation starts, 75% customer turns
 * (a quarter of conversations handed to a person, who then answers the rest), cloud dialog usage,
 * agent wrap-ups, conversation ends, a few compliance alerts and the odd config event.
 */
export function* syntheticFleetEvents(options: {
  events: number;
  edges?: number;
  days?: number;
  seed?: number;
  /** Filled in as events are yielded. */
  totals?: SyntheticTotals;
}): Generator<SyntheticEvent> {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const edges = Array.from(
    { length: options.edges ?? 50 },
    (_, i) => `branch-${String(i + 1).padStart(2, '0')}`,
  );
  const spanMs = (options.days ?? 30) * 86_400_000;
  const start = Date.UTC(2026, 9, 1);
  const totals = options.totals ?? { conversations: 0, turns: 0, handoffs: 0, alerts: 0 };
  const open = (): Conversation => ({
    id: randomUUID(),
    edgeId: pick(edges),
    locale: random() < 0.8 ? 'zh-CN' : 'en',
    left: -1,
    withPerson: false,
  });
  // Conversations run side by side, as in a fleet: each step advances one of them.
  const active = Array.from({ length: 400 }, open);
  const queue: { event: SyntheticEvent; counts: (keyof SyntheticTotals)[] }[] = [];
  let made = 0;
  const emit = (
    c: { edgeId: string; id?: string },
    type: string,
    data: Record<string, unknown>,
    counts: (keyof SyntheticTotals)[] = [],
  ) => {
    const id = randomUUID();
    const occurredAt = new Date(start + Math.floor((made++ * spanMs) / options.events)).toISOString();
    const conversation = c.id ? `,"conversationId":"${c.id}"` : '';
    const body = `{"id":"${id}","edgeId":"${c.edgeId}","type":"${type}","occurredAt":"${occurredAt}"${conversation},"data":${JSON.stringify(data)}}`;
    queue.push({ event: { id, subject: eventsSubject(c.edgeId, type), body }, counts });
  };

  const drawIntent = () => {
    let r = random();
    for (const entry of intents) {
      r -= entry[1];
      if (r < 0) return entry;
    }
    return intents[intents.length - 1] as (typeof intents)[number];
  };

  const turn = (c: Conversation) => {
    const [intent, , answeredBy, why] = drawIntent();
    let [route, reason] = [answeredBy as string, why];
    if (c.withPerson) [route, reason] = ['human', 'with_agent'];
    else if (random() < 0.01) [route, reason] = ['human', pick(otherHandoffs)];
    const handoff = route === 'human' && reason !== 'with_agent';
    if (handoff) c.withPerson = true;
    const negative = intent === 'complaint' ? 0.6 + random() * 0.4 : random() * 0.4;
    const flagged = random() < 0.003;
    const counts: (keyof SyntheticTotals)[] = ['turns'];
    if (handoff) counts.push('handoffs');
    if (flagged) counts.push('alerts');
    emit(
      c,
      'conversation.turn',
      {
        turnId: randomUUID(),
        locale: c.locale,
        text: pick(texts[c.locale]),
        reply: route === 'human' ? null : '好的，已为您查询。',
        intent,
        confidence: intent === null ? 0.3 : 0.7 + random() * 0.3,
        sentiment: {
          label: negative > 0.6 ? 'negative' : 'neutral',
          negative: Math.round(negative * 1000) / 1000,
        },
        flags: flagged ? ['compliance'] : [],
        route,
        reason,
        handledBy: route,
        available: true,
        personalData: { ORDER: 1 },
        timingsMs: { redact: 0.4, understand: 2.3, route: 0.1, respond: route === 'cloud' ? 900 : 3 },
      },
      counts,
    );
    if (route === 'cloud') {
      const unpriced = random() < 0.05;
      const [input, output] = [800 + Math.floor(random() * 1500), 80 + Math.floor(random() * 300)];
      emit(c, 'dialog.usage', {
        model: unpriced ? 'claude-next' : 'claude-sonnet-4-5',
        inputTokens: input,
        outputTokens: output,
        cacheCreationInputTokens: 0,
        cacheReadInputTokens: 1200,
        costUsd: unpriced ? null : (input * 3 + output * 15 + 1200 * 0.3) / 1e6,
      });
    }
    if (random() < 0.001) {
      emit(
        c,
        'compliance.alert',
        {
          ruleId: 'guaranteed-returns',
          category: 'mis-selling',
          severity: pick(['low', 'medium', 'high']),
          side: 'agent',
          text: '这款产品保证收益⟦AMOUNT_1⟧',
          action: 'alert',
        },
        ['alerts'],
      );
    }
  };

  const step = () => {
    const slot = Math.floor(random() * active.length);
    const c = active[slot] as Conversation;
    if (c.left < 0) {
      c.left = 3 + Math.floor(random() * 10);
      emit(c, 'conversation.started', { channel: pick(['web', 'app', 'wechat']), locale: c.locale }, [
        'conversations',
      ]);
    } else if (c.left > 0) {
      c.left--;
      turn(c);
    } else {
      active[slot] = open();
      if (c.withPerson) {
        const waitMs = Math.floor(5000 + random() * 240_000);
        emit(c, 'agent.wrapup', {
          handoffId: randomUUID(),
          disposition: 'resolved',
          waitMs,
          handleTimeMs: 300_000,
        });
      }
      if (random() < 0.5)
        emit(c, 'conversation.ended', { reason: pick(['customer_left', 'resolved', 'timeout']) });
      if (random() < 0.005) emit({ edgeId: c.edgeId }, 'config.applied', { version: 'v42' });
    }
  };

  for (let yielded = 0; yielded < options.events; yielded++) {
    while (queue.length === 0) step();
    const next = queue.shift() as (typeof queue)[number];
    for (const key of next.counts) totals[key]++;
    yield next.event;
  }
}

import { z } from 'zod';

/** Where a turn goes; also what answered it (`handledBy`). */
export const routeSchema = z.enum(['local', 'tool', 'cloud', 'human', 'burst']);
export type Route = z.infer<typeof routeSchema>;

const localizedText = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });

/**
 * How an edge decides who answers a turn. Fleet configuration delivers it; the default below
 * ships so an edge routes sensibly before it has ever heard from the core.
 */
export const routingPolicySchema = z.object({
  version: z.literal(1).default(1),
  /** Below this intent confidence, intent-specific routes are not trusted. */
  minIntentConfidence: z.number().min(0).max(1).default(0.45),
  /** Intents a branch tool answers: intent -> tool name. */
  toolIntents: z.record(z.string(), z.string()).default({
    order_status: 'order_status',
    change_delivery_address: 'change_delivery_address',
    loan_repayment_date: 'repayment_date',
    book_technician_visit: 'book_technician_visit',
  }),
  /** Routine intents answered from the branch knowledge base. */
  knowledgeIntents: z
    .array(z.string())
    .default([
      'atm_location',
      'branch_opening_hours',
      'card_activation',
      'deposit_rate_inquiry',
      'exchange_rate',
      'mortgage_rate_inquiry',
      'password_reset',
      'bill_explanation',
      'tariff_change',
      'meter_reading_submit',
    ]),
  /** Small talk with fixed replies: nothing to look up, nothing to invent. */
  smallTalk: z.record(z.string(), localizedText).default({
    greeting: { 'zh-CN': '您好，请问有什么可以帮您？', en: 'Hello, how can I help you today?' },
    thanks_goodbye: { 'zh-CN': '不客气，祝您生活愉快！', en: "You're welcome. Have a good day!" },
  }),
  /** Intents that always go to a person. */
  humanIntents: z.array(z.string()).default(['complaint', 'request_human_agent']),
  /**
   * Words that ask for a person, whatever the intent model makes of the turn: a customer who
   * typed "转人工" must not depend on a classifier to be heard. Matched word by word (each
   * Chinese character a word) on the turn's text after NFKC and lowercasing, so "Agent, please!"
   * and "agent please" both match "agent please".
   */
  humanRequestPhrases: z
    .array(z.string().trim().min(1))
    .default([
      '转人工',
      '人工客服',
      '人工服务',
      '人工坐席',
      '找人工',
      '要人工',
      '接人工',
      '投诉人工',
      '真人客服',
      '找真人',
      '找个真人',
      '跟真人',
      '和真人',
      'agent please',
      'human please',
      'speak to a human',
      'talk to a human',
      'speak with a human',
      'speak to a person',
      'talk to a person',
      'speak with a person',
      'need a human',
      'get me a human',
      'real person',
      'real human',
      'live agent',
      'live person',
      'human agent',
      'speak to an agent',
      'talk to an agent',
      'customer service representative',
      'customer service rep',
    ]),
  /**
   * Where one of these overlaps a request phrase, that phrase does not count: fees for labour
   * (人工费), AI (人工智能) and plain refusals ("不用转人工了") contain the same words.
   */
  humanRequestExceptions: z
    .array(z.string().trim().min(1))
    .default([
      '人工费',
      '人工服务费',
      '人工智能',
      '不用转人工',
      '不要转人工',
      '不需要转人工',
      '无需转人工',
      '不用人工',
      '不要人工',
      '不需要人工',
      '无需人工',
      '不用找人工',
      "don't need a human",
      'do not need a human',
      "don't need a real person",
      'do not need a real person',
      'no need for a human',
      'no need for a real person',
      "don't want to speak to a human",
      "don't want to talk to a human",
    ]),
  /** Probability of negative sentiment at or above which a person takes over. */
  humanOnNegativeSentiment: z.number().min(0).max(1).default(0.9),
  /**
   * Anger that builds below `humanOnNegativeSentiment`: when the negative probability rose from
   * each customer turn to the next over the last `risingAngerTurns` (this one included) and
   * ends at or above `risingAngerNegative`, a person takes over. 0 turns the rule off.
   */
  risingAngerTurns: z
    .number()
    .int()
    .refine((n) => n === 0 || n >= 2, 'a rise needs at least 2 turns (0 turns the rule off)')
    .default(3),
  risingAngerNegative: z.number().min(0).max(1).default(0.6),
  /**
   * This many customer turns in a row the intent model could not read (low confidence or no
   * intent) hand the conversation to a person instead of guessing again. 0 turns the rule off.
   */
  lowConfidenceTurns: z.number().int().min(0).default(2),
  /** A compliance flag on the customer's turn hands it to a person. */
  humanOnComplianceFlag: z.boolean().default(true),
  /** Everything else goes here. */
  fallback: routeSchema.default('cloud'),
});

export type RoutingPolicy = z.infer<typeof routingPolicySchema>;
export const defaultRoutingPolicy: RoutingPolicy = routingPolicySchema.parse({});

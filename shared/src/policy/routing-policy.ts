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
  /** Probability of negative sentiment at or above which a person takes over. */
  humanOnNegativeSentiment: z.number().min(0).max(1).default(0.9),
  /** A compliance flag on the customer's turn hands it to a person. */
  humanOnComplianceFlag: z.boolean().default(true),
  /** Everything else goes here. */
  fallback: routeSchema.default('cloud'),
});

export type RoutingPolicy = z.infer<typeof routingPolicySchema>;
export const defaultRoutingPolicy: RoutingPolicy = routingPolicySchema.parse({});

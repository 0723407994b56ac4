import { z } from 'zod';
import { routingPolicySchema } from '../policy/routing-policy.js';

const compiles = (pattern: string) => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
};

const pattern = z.string().min(1).refine(compiles, 'is not a valid regular expression');

export const complianceCategories = [
  'regulator_threat',
  'guaranteed_returns',
  'collection_pressure',
  'third_party_data',
  'other',
] as const;
export type ComplianceCategory = (typeof complianceCategories)[number];

export const industries = ['bank', 'utility', 'auto', 'retail'] as const;
export type Industry = (typeof industries)[number];

/**
 * A rule the compliance engine checks on each sentence, on both sides of a conversation. It hits
 * when every condition it gives holds: one of its phrases or patterns is in the sentence, the
 * turn's intent is one of `intents`, a local model gives `model.label` at least `model.minScore`;
 * and none of `unless` is there (a negation: "不保本", "not guaranteed").
 */
export const complianceRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]{1,64}$/),
    category: z.enum(complianceCategories),
    /** Whose sentences it checks. */
    side: z.enum(['customer', 'agent', 'ai', 'any']).default('any'),
    severity: z.enum(['low', 'medium', 'high']).default('medium'),
    /** Matched case-insensitively, ignoring spaces and full-width forms. */
    phrases: z.array(z.string().min(1)).default([]),
    /** Regular expressions (Unicode, case-insensitive). */
    patterns: z.array(pattern).default([]),
    unless: z.array(pattern).default([]),
    intents: z.array(z.string().min(1)).default([]),
    model: z
      .object({ task: z.string().min(1), label: z.string().min(1), minScore: z.number().min(0).max(1) })
      .optional(),
    /** `block` stops an AI reply before the customer sees it; every hit raises an alert. */
    action: z.enum(['alert', 'block']).default('alert'),
  })
  .refine(
    (r) => r.phrases.length + r.patterns.length + r.intents.length > 0 || r.model !== undefined,
    'a rule needs phrases, patterns, intents or a model condition',
  );

/** A moment that calls for a proactive offer or reminder, capped per customer. */
export const offerRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]{1,64}$/),
  moment: z.enum(['hesitation', 'maintenance_due', 'repayment_near']),
  product: z.string().min(1).optional(),
  action: z.enum(['offer', 'reviews', 'reminder']),
  /** The knowledge article whose terms the offer quotes. */
  articleId: z.string().min(1).optional(),
  maxPerCustomer: z.number().int().min(1).default(1),
  perDays: z.number().int().min(1).default(30),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Shanghai');

/**
 * An outbound reminder campaign the edge runs over its own branch's customers: who is due (a
 * repayment, a car service) comes from the branch system, and names and numbers never leave it.
 */
export const outboundCampaignSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]{1,64}$/),
  kind: z.enum(['repayment_reminder', 'maintenance_due']),
  /** Customers whose date falls from today to this many days ahead (overdue services too). */
  daysAhead: z.number().int().min(0).max(60).default(3),
  channel: z.enum(['sms', 'call']).default('sms'),
  /** Contact only inside these hours, on these weekdays (1 = Monday ... 7 = Sunday). */
  callingHours: z
    .object({
      from: clockTime,
      /** Exclusive; `24:00` is the end of the day. */
      to: z.union([clockTime, z.literal('24:00')]),
      days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6]),
    })
    .refine((h) => h.from < h.to, 'callingHours.from must be before callingHours.to')
    .default({ from: '09:00', to: '20:00', days: [1, 2, 3, 4, 5, 6] }),
  timeZone: timeZone.default('Asia/Shanghai'),
  /** Attempts per customer and due date, the first included. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Wait after an unanswered or failed attempt before the next. */
  retryAfterMinutes: z.number().int().min(1).max(10_080).default(120),
  enabled: z.boolean().default(true),
});
export type OutboundCampaign = z.infer<typeof outboundCampaignSchema>;

/**
 * Everything an edge runs by, in one versioned document: rolled out as a whole, applied as a
 * whole, refused as a whole. NATS KV keeps its history.
 */
/** What an edge runs by before any bundle says otherwise. */
export const defaultAiSlots = 64;
export const defaultMaxHumanWaitMs = 300_000;

export const configBundleSchema = z.object({
  format: z.literal('branchline-config/1'),
  /** Chosen by the operator; what edges report running. */
  version: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1-64 letters, digits, dots, dashes or underscores'),
  description: z.string().max(500).default(''),
  routing: routingPolicySchema.default(routingPolicySchema.parse({})),
  /** Model task -> sha256 of the ONNX file the edge must run. */
  models: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.string().regex(/^[0-9a-f]{64}$/)).default({}),
  compliance: z
    .object({
      /** Whose default rules apply (see `defaultComplianceRules`); unset, the edge's `industry` label says. */
      industry: z.enum(industries).optional(),
      /** Off, only `rules` apply. */
      defaults: z.boolean().default(true),
      /** Added to the defaults; a rule with a default's id replaces it. */
      rules: z.array(complianceRuleSchema).default([]),
    })
    .default({ defaults: true, rules: [] }),
  offers: z.object({ rules: z.array(offerRuleSchema).default([]) }).default({ rules: [] }),
  outbound: z
    .object({
      campaigns: z
        .array(outboundCampaignSchema)
        .max(50)
        .default([])
        .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'campaign ids must be unique'),
    })
    .default({ campaigns: [] }),
  capacity: z
    .object({
      /** Concurrent AI turns (local and cloud) before new conversations go to burst capacity. */
      aiSlots: z.number().int().min(1).max(10_000).default(defaultAiSlots),
      /** Longest estimated human wait before a conversation goes to burst capacity. */
      maxHumanWaitMs: z.number().int().min(0).default(defaultMaxHumanWaitMs),
    })
    .default({ aiSlots: defaultAiSlots, maxHumanWaitMs: defaultMaxHumanWaitMs }),
  prompt: z
    .object({
      model: z.string().min(1).optional(),
      maxTokens: z.number().int().min(64).max(8192).default(1024),
    })
    .default({ maxTokens: 1024 }),
});

export type ConfigBundle = z.infer<typeof configBundleSchema>;
export type ConfigBundleInput = z.input<typeof configBundleSchema>;
export type ComplianceRule = z.infer<typeof complianceRuleSchema>;
export type ComplianceRuleInput = z.input<typeof complianceRuleSchema>;
export type OfferRule = z.infer<typeof offerRuleSchema>;

/** Where an edge finds the bundle it should run: `<edgeId>.bundle` in this KV bucket. */
export const edgeConfigBucket = 'bl_edge_config';
export const bundleKey = (edgeId: string) => `${edgeId}.bundle`;

/** The first problem with a bundle, as `path: message`, or undefined when it is valid. */
export function bundleProblem(value: unknown): string | undefined {
  const parsed = configBundleSchema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') || 'bundle'}: ${issue?.message ?? 'invalid'}`;
}

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

/** A rule the compliance engine checks on both sides of a conversation. */
export const complianceRuleSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]{1,64}$/),
  category: z.enum([
    'regulator_threat',
    'guaranteed_returns',
    'collection_pressure',
    'third_party_data',
    'other',
  ]),
  /** Whose sentences it checks. */
  side: z.enum(['customer', 'agent', 'ai', 'any']).default('any'),
  severity: z.enum(['low', 'medium', 'high']).default('medium'),
  phrases: z.array(z.string().min(1)).default([]),
  patterns: z.array(z.string().min(1).refine(compiles, 'is not a valid regular expression')).default([]),
  intents: z.array(z.string().min(1)).default([]),
  /** `block` stops an AI reply before the customer sees it; every hit raises an alert. */
  action: z.enum(['alert', 'block']).default('alert'),
});

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
  compliance: z.object({ rules: z.array(complianceRuleSchema).default([]) }).default({ rules: [] }),
  offers: z.object({ rules: z.array(offerRuleSchema).default([]) }).default({ rules: [] }),
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

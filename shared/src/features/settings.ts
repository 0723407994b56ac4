import { z } from 'zod';

/** Hash buckets: a power of two, because ids are taken as `hash & (buckets - 1)`. */
const bucketsSchema = z
  .number()
  .int()
  .min(1024)
  .max(1 << 24)
  .refine((n) => (n & (n - 1)) === 0, 'buckets must be a power of two');

/**
 * Featurizer settings travel in every model card, so the edge featurizes exactly as the trainer
 * did; changing a default never changes an existing model.
 */
export const featurizerSettingsSchema = z.object({
  version: z.literal(1).default(1),
  buckets: bucketsSchema.default(1 << 20),
  /** Chinese character n-gram orders, 1..zhMaxN. */
  zhMaxN: z.number().int().min(1).max(5).default(3),
  /** Character n-grams of Latin words (with < > boundaries), minN..maxN. */
  charMinN: z.number().int().min(1).max(8).default(3),
  charMaxN: z.number().int().min(1).max(8).default(5),
  /** Word n-gram orders, 1..wordMaxN. */
  wordMaxN: z.number().int().min(1).max(4).default(2),
  /** Sub-linear term frequency (1 + ln tf). */
  sublinearTf: z.boolean().default(true),
});

export type FeaturizerSettings = z.infer<typeof featurizerSettingsSchema>;

export const defaultFeaturizerSettings: FeaturizerSettings = featurizerSettingsSchema.parse({});

/** Window features for the per-character tagger. */
export const taggerFeatureSettingsSchema = z.object({
  version: z.literal(1).default(1),
  buckets: bucketsSchema.default(1 << 18),
  /** Characters each side of the current one. */
  window: z.number().int().min(1).max(5).default(3),
});

export type TaggerFeatureSettings = z.infer<typeof taggerFeatureSettingsSchema>;

export const defaultTaggerFeatureSettings: TaggerFeatureSettings = taggerFeatureSettingsSchema.parse({});

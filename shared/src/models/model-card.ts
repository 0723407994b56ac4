import { z } from 'zod';
import { featurizerSettingsSchema, taggerFeatureSettingsSchema } from '../features/index.js';

const metricsSchema = z.record(
  z.string(),
  z.union([z.number(), z.string(), z.record(z.string(), z.number())]),
);

const common = {
  format: z.literal('branchline-model/1'),
  /** What the model is for: intent, sentiment, compliance, pii-tagger, or a task of the user's. */
  task: z.string().min(1),
  labels: z.array(z.string().min(1)).min(2),
  /** sha256 (hex) of model.onnx: the model's identity; a file that does not match is refused. */
  onnxSha256: z.string().regex(/^[0-9a-f]{64}$/),
  onnxBytes: z.number().int().positive(),
  createdAt: z.string(),
  seed: z.number().int(),
  trainingData: z.object({ sha256: z.string(), rows: z.number().int(), file: z.string() }),
  metrics: metricsSchema.default({}),
};

export const classifierCardSchema = z.object({
  ...common,
  kind: z.literal('classifier'),
  featurizer: featurizerSettingsSchema,
  /** Below this top probability the model abstains (out of scope); chosen on dev data. */
  abstainThreshold: z.number().min(0).max(1).optional(),
});

export const taggerCardSchema = z.object({
  ...common,
  kind: z.literal('tagger'),
  featurizer: taggerFeatureSettingsSchema,
  /** Labels are BIO tags: "O", "B-name", "I-name", ... */
  entityTypes: z.array(z.string()),
  /** Learned tag-to-tag scores, row-major [from x to], added in Viterbi decoding. */
  transitions: z.array(z.number()).optional(),
});

export const modelCardSchema = z.discriminatedUnion('kind', [classifierCardSchema, taggerCardSchema]);

export type ClassifierCard = z.infer<typeof classifierCardSchema>;
export type TaggerCard = z.infer<typeof taggerCardSchema>;
export type ModelCard = z.infer<typeof modelCardSchema>;

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { BranchlineError } from '../errors/index.js';
import { featurize, type SparseFeatures, taggerFeatures } from '../features/index.js';
import { type EntitySpan, spansFromBio, viterbiBio } from '../models/bio.js';
import {
  type ClassifierCard,
  type ModelCard,
  modelCardSchema,
  type TaggerCard,
} from '../models/model-card.js';

export interface Classification {
  label: string;
  confidence: number;
  /** True when the top probability is under the card's abstain threshold. */
  abstained: boolean;
  probs: Float32Array;
  /** Probability of a label by name (0 for labels the model does not know). */
  score(label: string): number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads and validates model.json; a card that does not parse is refused with the reason. */
export async function readModelCard(dir: string): Promise<ModelCard> {
  let raw: string;
  try {
    raw = await readFile(join(dir, 'model.json'), 'utf8');
  } catch (error) {
    throw new BranchlineError(
      'not_found',
      `no model card in ${dir} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  const parsed = modelCardSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new BranchlineError(
      'invalid_argument',
      `${join(dir, 'model.json')}: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data;
}

/**
 * A model on onnxruntime-node: one warm session, the card's featurizer in front of it. Loading
 * refuses an ONNX file whose sha256 is not the one the card names.
 */
export class OnnxModel<Card extends ModelCard = ModelCard> {
  private constructor(
    readonly card: Card,
    readonly dir: string,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(dir: string): Promise<OnnxModel> {
    const card = await readModelCard(dir);
    const bytes = await readFile(join(dir, 'model.onnx'));
    const actual = sha256Hex(bytes);
    if (actual !== card.onnxSha256) {
      throw new BranchlineError(
        'failed_precondition',
        `${join(dir, 'model.onnx')} has sha256 ${actual}, but its card names ${card.onnxSha256}: refusing a model that is not the one described`,
      );
    }
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    return new OnnxModel(card, dir, session);
  }

  get sha256(): string {
    return this.card.onnxSha256;
  }

  /** Probabilities for each feature vector (one row of the batch each). */
  async run(batch: SparseFeatures[]): Promise<Float32Array[]> {
    const width = Math.max(1, ...batch.map((f) => f.ids.length));
    const ids = new BigInt64Array(batch.length * width);
    const weights = new Float32Array(batch.length * width);
    batch.forEach((f, row) => {
      f.ids.forEach((id, j) => {
        ids[row * width + j] = BigInt(id);
        weights[row * width + j] = f.weights[j] ?? 0;
      });
    });
    const output = await this.session.run({
      ids: new ort.Tensor('int64', ids, [batch.length, width]),
      weights: new ort.Tensor('float32', weights, [batch.length, width]),
    });
    const probs = output.probs?.data as Float32Array;
    const classes = this.card.labels.length;
    return batch.map((_, row) => probs.slice(row * classes, (row + 1) * classes));
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

export function isClassifier(model: OnnxModel): model is OnnxModel<ClassifierCard> {
  return model.card.kind === 'classifier';
}

export function isTagger(model: OnnxModel): model is OnnxModel<TaggerCard> {
  return model.card.kind === 'tagger';
}

/** Top label and confidence from a probability row. */
export function toClassification(card: ClassifierCard, probs: Float32Array): Classification {
  let best = 0;
  for (let i = 1; i < probs.length; i++) if ((probs[i] ?? 0) > (probs[best] ?? 0)) best = i;
  const confidence = probs[best] ?? 0;
  return {
    label: card.labels[best] ?? '',
    confidence,
    abstained: card.abstainThreshold !== undefined && confidence < card.abstainThreshold,
    probs,
    score: (label) => {
      const at = card.labels.indexOf(label);
      return at < 0 ? 0 : (probs[at] ?? 0);
    },
  };
}

export async function classifyTexts(
  model: OnnxModel<ClassifierCard>,
  texts: string[],
): Promise<Classification[]> {
  const rows = await model.run(texts.map((t) => featurize(t, model.card.featurizer)));
  return rows.map((probs) => toClassification(model.card, probs));
}

/** Entities in a text, offsets in code points. */
export async function tagText(model: OnnxModel<TaggerCard>, text: string): Promise<EntitySpan[]> {
  if (text.length === 0) return [];
  return decodeTags(model.card, await model.run(taggerFeatures(text, model.card.featurizer)));
}

/** Entity spans from a tagger's per-character probabilities (one row per code point). */
export function decodeTags(card: TaggerCard, rows: Float32Array[]): EntitySpan[] {
  if (rows.length === 0) return [];
  const flat = new Float32Array(rows.length * card.labels.length);
  rows.forEach((row, i) => {
    flat.set(row, i * card.labels.length);
  });
  return spansFromBio(viterbiBio(flat, rows.length, card.labels, card.transitions));
}

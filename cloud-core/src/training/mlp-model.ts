import type { SparseFeatures } from '@branchline/shared';
import { softmaxInPlace } from './linear-model.js';

/**
 * fastText-style bag of hashed n-gram embeddings with one ReLU hidden layer:
 * probs = softmax(W2 · relu(sum_i w_i · E[row(id_i)] + b1) + b2). Row 0 of E is zeros and
 * stands for every bucket unseen in training.
 */
export interface MlpModel {
  classes: number;
  hidden: number;
  rowBuckets: Int32Array;
  /** (rows + 1) x hidden. */
  embeddings: Float32Array;
  hiddenBias: Float32Array;
  /** hidden x classes. */
  output: Float32Array;
  outputBias: Float32Array;
}

/** Hidden activations (after ReLU) for compact rows and their weights. */
export function mlpHidden(
  model: MlpModel,
  rows: ArrayLike<number>,
  weights: ArrayLike<number>,
  out: Float32Array,
): Float32Array {
  const h = model.hidden;
  out.set(model.hiddenBias);
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] ?? 0;
    if (row === 0) continue;
    const w = weights[j] ?? 0;
    const base = row * h;
    for (let k = 0; k < h; k++) out[k] = (out[k] ?? 0) + w * (model.embeddings[base + k] ?? 0);
  }
  for (let k = 0; k < h; k++) if ((out[k] ?? 0) < 0) out[k] = 0;
  return out;
}

export function mlpLogits(model: MlpModel, hidden: Float32Array, out: Float32Array): Float32Array {
  const c = model.classes;
  out.set(model.outputBias);
  for (let k = 0; k < model.hidden; k++) {
    const a = hidden[k] ?? 0;
    if (a === 0) continue;
    const base = k * c;
    for (let j = 0; j < c; j++) out[j] = (out[j] ?? 0) + a * (model.output[base + j] ?? 0);
  }
  return out;
}

export function predictMlp(model: MlpModel, rows: Map<number, number>, x: SparseFeatures): Float32Array {
  const compact = x.ids.map((id) => rows.get(id) ?? 0);
  const hidden = mlpHidden(model, compact, x.weights, new Float32Array(model.hidden));
  return softmaxInPlace(mlpLogits(model, hidden, new Float32Array(model.classes)));
}

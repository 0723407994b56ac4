import type { SparseFeatures } from '@branchline/shared';
import {
  argmax,
  compactExamples,
  type LinearModel,
  predictProbs,
  rowIndex,
  softmaxInPlace,
} from './linear-model.js';
import { seededRandom, shuffleInPlace } from './random.js';

export interface Example extends SparseFeatures {
  label: number;
}

export interface TrainOptions {
  classes: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Called after each epoch; dev accuracy when dev examples were given. */
  onEpoch?: (progress: {
    epoch: number;
    epochs: number;
    loss: number;
    devAccuracy?: number;
    ms: number;
  }) => void;
}

/** Tells the caller how an epoch went (mean loss, dev accuracy when there is dev data, time). */
export function reportEpoch(
  options: Pick<TrainOptions, 'epochs' | 'onEpoch'>,
  e: { epoch: number; loss: number; rows: number; started: number; devAccuracy: number | undefined },
): void {
  options.onEpoch?.({
    epoch: e.epoch,
    epochs: options.epochs,
    loss: e.loss / Math.max(1, e.rows),
    ...(e.devAccuracy === undefined ? {} : { devAccuracy: e.devAccuracy }),
    ms: Date.now() - e.started,
  });
}

export function accuracy(model: LinearModel, examples: Example[]): number {
  const rows = rowIndex(model);
  let right = 0;
  for (const x of examples) if (argmax(predictProbs(model, rows, x)) === x.label) right++;
  return examples.length === 0 ? 0 : right / examples.length;
}

/**
 * Multinomial logistic regression with AdaGrad on sparse hashed features (the linear case of a
 * fastText model: one "embedding" per bucket whose width is the class count). With dev data the
 * epoch with the best dev accuracy is kept.
 */
export function trainLinear(train: Example[], dev: Example[], options: TrainOptions): LinearModel {
  const c = options.classes;
  const { rowBuckets, compact } = compactExamples(train);

  const size = (rowBuckets.length + 1) * c;
  const model: LinearModel = {
    classes: c,
    rowBuckets,
    weights: new Float32Array(size),
    bias: new Float32Array(c),
  };
  const gradSq = new Float32Array(size);
  const biasSq = new Float32Array(c);
  const random = seededRandom(options.seed);
  const order = compact.map((_, i) => i);
  const lr = options.learningRate;
  const z = new Float32Array(c);
  let best: { accuracy: number; weights: Float32Array; bias: Float32Array } | undefined;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = Date.now();
    shuffleInPlace(order, random);
    let loss = 0;
    for (const i of order) {
      const x = compact[i];
      if (!x) continue;
      z.set(model.bias);
      for (let j = 0; j < x.rows.length; j++) {
        const base = (x.rows[j] ?? 0) * c;
        const w = x.weights[j] ?? 0;
        for (let k = 0; k < c; k++) z[k] = (z[k] ?? 0) + w * (model.weights[base + k] ?? 0);
      }
      softmaxInPlace(z);
      loss -= Math.log((z[x.label] ?? 0) + 1e-12);
      z[x.label] = (z[x.label] ?? 0) - 1; // dLoss/dLogits
      for (let k = 0; k < c; k++) {
        const g = z[k] ?? 0;
        biasSq[k] = (biasSq[k] ?? 0) + g * g;
        model.bias[k] = (model.bias[k] ?? 0) - (lr * g) / Math.sqrt((biasSq[k] ?? 0) + 1e-8);
      }
      for (let j = 0; j < x.rows.length; j++) {
        const base = (x.rows[j] ?? 0) * c;
        const w = x.weights[j] ?? 0;
        for (let k = 0; k < c; k++) {
          const p = base + k;
          const g = (z[k] ?? 0) * w + options.l2 * (model.weights[p] ?? 0);
          gradSq[p] = (gradSq[p] ?? 0) + g * g;
          model.weights[p] = (model.weights[p] ?? 0) - (lr * g) / Math.sqrt((gradSq[p] ?? 0) + 1e-8);
        }
      }
    }
    const devAccuracy = dev.length > 0 ? accuracy(model, dev) : undefined;
    reportEpoch(options, { epoch, loss, rows: compact.length, started, devAccuracy });
    if (devAccuracy !== undefined && (!best || devAccuracy > best.accuracy)) {
      best = {
        accuracy: devAccuracy,
        weights: Float32Array.from(model.weights),
        bias: Float32Array.from(model.bias),
      };
    }
  }
  // Row 0 must stay zero: it stands for unseen buckets at inference.
  if (best) {
    model.weights.set(best.weights);
    model.bias.set(best.bias);
  }
  model.weights.fill(0, 0, c);
  return model;
}

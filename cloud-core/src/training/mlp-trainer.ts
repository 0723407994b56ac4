import { argmax, compactExamples, rowIndex, softmaxInPlace } from './linear-model.js';
import { type Example, reportEpoch, type TrainOptions } from './linear-trainer.js';
import { type MlpModel, mlpHidden, mlpLogits, predictMlp } from './mlp-model.js';
import { seededRandom, shuffleInPlace } from './random.js';

export function mlpAccuracy(model: MlpModel, examples: Example[]): number {
  const rows = rowIndex(model);
  let right = 0;
  for (const x of examples) if (argmax(predictMlp(model, rows, x)) === x.label) right++;
  return examples.length === 0 ? 0 : right / examples.length;
}

/**
 * Trains the hidden-layer model with AdaGrad (sparse updates for the embeddings). Seeded
 * initialization and order, so a seed gives the same model. With dev data the best epoch is kept.
 */
export function trainMlp(
  train: Example[],
  dev: Example[],
  options: TrainOptions & { hidden: number },
): MlpModel {
  const c = options.classes;
  const h = options.hidden;
  const random = seededRandom(options.seed);
  const { rowBuckets, compact } = compactExamples(train);
  const embeddingSize = (rowBuckets.length + 1) * h;
  const model: MlpModel = {
    classes: c,
    hidden: h,
    rowBuckets,
    embeddings: new Float32Array(embeddingSize),
    hiddenBias: new Float32Array(h).fill(0.01),
    output: new Float32Array(h * c),
    outputBias: new Float32Array(c),
  };
  for (let i = h; i < embeddingSize; i++) model.embeddings[i] = (random() - 0.5) * 0.2;
  const limit = Math.sqrt(6 / (h + c));
  for (let i = 0; i < h * c; i++) model.output[i] = (random() * 2 - 1) * limit;

  const gE = new Float32Array(embeddingSize);
  const gB1 = new Float32Array(h);
  const gW = new Float32Array(h * c);
  const gB2 = new Float32Array(c);
  const lr = options.learningRate;
  const eps = 1e-8;
  const hidden = new Float32Array(h);
  const logits = new Float32Array(c);
  const gradHidden = new Float32Array(h);
  const order = compact.map((_, i) => i);
  let best: { accuracy: number; snapshot: MlpModel } | undefined;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = Date.now();
    shuffleInPlace(order, random);
    let loss = 0;
    for (const i of order) {
      const x = compact[i];
      if (!x) continue;
      mlpHidden(model, x.rows, x.weights, hidden);
      softmaxInPlace(mlpLogits(model, hidden, logits));
      loss -= Math.log((logits[x.label] ?? 0) + 1e-12);
      logits[x.label] = (logits[x.label] ?? 0) - 1; // dLoss/dLogits
      gradHidden.fill(0);
      for (let k = 0; k < h; k++) {
        const a = hidden[k] ?? 0;
        const base = k * c;
        let back = 0;
        for (let j = 0; j < c; j++) {
          const g = logits[j] ?? 0;
          back += g * (model.output[base + j] ?? 0);
          if (a !== 0) {
            const gw = g * a;
            gW[base + j] = (gW[base + j] ?? 0) + gw * gw;
            model.output[base + j] =
              (model.output[base + j] ?? 0) - (lr * gw) / Math.sqrt((gW[base + j] ?? 0) + eps);
          }
        }
        gradHidden[k] = a > 0 ? back : 0; // ReLU
      }
      for (let j = 0; j < c; j++) {
        const g = logits[j] ?? 0;
        gB2[j] = (gB2[j] ?? 0) + g * g;
        model.outputBias[j] = (model.outputBias[j] ?? 0) - (lr * g) / Math.sqrt((gB2[j] ?? 0) + eps);
      }
      for (let k = 0; k < h; k++) {
        const g = gradHidden[k] ?? 0;
        if (g === 0) continue;
        gB1[k] = (gB1[k] ?? 0) + g * g;
        model.hiddenBias[k] = (model.hiddenBias[k] ?? 0) - (lr * g) / Math.sqrt((gB1[k] ?? 0) + eps);
      }
      for (let f = 0; f < x.rows.length; f++) {
        const base = (x.rows[f] ?? 0) * h;
        const w = x.weights[f] ?? 0;
        for (let k = 0; k < h; k++) {
          const g = (gradHidden[k] ?? 0) * w;
          if (g === 0) continue;
          const p = base + k;
          gE[p] = (gE[p] ?? 0) + g * g;
          model.embeddings[p] = (model.embeddings[p] ?? 0) - (lr * g) / Math.sqrt((gE[p] ?? 0) + eps);
        }
      }
    }
    const devAccuracy = dev.length > 0 ? mlpAccuracy(model, dev) : undefined;
    reportEpoch(options, { epoch, loss, rows: compact.length, started, devAccuracy });
    if (devAccuracy !== undefined && (!best || devAccuracy > best.accuracy)) {
      best = {
        accuracy: devAccuracy,
        snapshot: {
          ...model,
          embeddings: Float32Array.from(model.embeddings),
          hiddenBias: Float32Array.from(model.hiddenBias),
          output: Float32Array.from(model.output),
          outputBias: Float32Array.from(model.outputBias),
        },
      };
    }
  }
  const result = best?.snapshot ?? model;
  result.embeddings.fill(0, 0, h);
  return result;
}

import type { SparseFeatures } from '@branchline/shared';
import { type LinearModel, predictProbs, rowIndex } from './linear-model.js';
import { type Example, type TrainOptions, trainLinear } from './linear-trainer.js';
import { type MlpModel, predictMlp } from './mlp-model.js';
import { trainMlp } from './mlp-trainer.js';
import { exportMlpOnnx, exportOnnx } from './onnx-export.js';
import { seededRandom, shuffleInPlace } from './random.js';

export interface FittedClassifier {
  architecture: string;
  predict(x: SparseFeatures): Float32Array;
  export(docString: string): Uint8Array;
}

export interface FitRequest {
  seed: number;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per update; 0 by default. */
  l2?: number;
  /**
   * linear: softmax over hashed n-grams; mlp: n-gram embeddings with a ReLU hidden layer; auto
   * (default): both, keeping the one that scores better on dev data or a hold-out.
   */
  architecture?: 'auto' | 'linear' | 'mlp';
  hidden?: number;
  progress: (line: string) => void;
}

/** Model files stay under 20 MB: the half-precision embeddings get what the remap table leaves of 16 MB. */
const byteBudget = 16e6;

function hiddenFor(train: Example[], buckets: number, requested: number | undefined): number {
  if (requested) return requested;
  const distinct = new Set<number>();
  for (const x of train) for (const id of x.ids) distinct.add(id);
  const fits = Math.floor((byteBudget - 4 * buckets) / (2 * (distinct.size + 1)) / 16) * 16;
  return Math.min(128, fits);
}

function wrapLinear(model: LinearModel, buckets: number): FittedClassifier {
  const rows = rowIndex(model);
  return {
    architecture: 'linear',
    predict: (x) => predictProbs(model, rows, x),
    export: (doc) => exportOnnx(model, buckets, doc),
  };
}

function wrapMlp(model: MlpModel, buckets: number): FittedClassifier {
  const rows = rowIndex(model);
  return {
    architecture: `mlp-${model.hidden}`,
    predict: (x) => predictMlp(model, rows, x),
    export: (doc) => exportMlpOnnx(model, buckets, doc),
  };
}

/**
 * Trains the requested architecture, or both and keeps the better on dev data. Without dev
 * data a seeded 10% of the training rows is held out to choose the architecture, and the winner
 * is trained again on all rows for the full epoch count (on a small hold-out the best epoch is
 * mostly noise: a 40-row hold-out once picked one epoch and the model underfit).
 */
export function fitClassifier(
  train: Example[],
  dev: Example[],
  classes: number,
  buckets: number,
  request: FitRequest,
): FittedClassifier {
  const epochs = request.epochs ?? 8;
  const base = (label: string): TrainOptions => ({
    classes,
    epochs,
    learningRate: request.learningRate ?? 0.2,
    l2: request.l2 ?? 0,
    seed: request.seed,
    onEpoch: (p) =>
      request.progress(
        `  ${label} epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}` +
          (p.devAccuracy === undefined ? '' : `  dev accuracy ${p.devAccuracy.toFixed(4)}`) +
          `  (${(p.ms / 1000).toFixed(1)} s)`,
      ),
  });
  const hidden = hiddenFor(train, buckets, request.hidden);
  const wanted = request.architecture ?? 'auto';
  const mlpOptions = (label: string) => ({
    ...base(label),
    learningRate: request.learningRate ?? 0.05,
    hidden,
  });

  if (wanted === 'linear' || (wanted === 'auto' && hidden < 32)) {
    return wrapLinear(trainLinear(train, dev, base('linear')), buckets);
  }
  if (wanted === 'mlp') return wrapMlp(trainMlp(train, dev, mlpOptions('mlp')), buckets);

  let fitOn = train;
  let selectOn = dev;
  if (dev.length === 0) {
    const shuffled = [...train];
    shuffleInPlace(shuffled, seededRandom(request.seed ^ 0x5eed));
    const cut = Math.max(1, Math.floor(shuffled.length * 0.1));
    selectOn = shuffled.slice(0, cut);
    fitOn = shuffled.slice(cut);
    request.progress(`  choosing the architecture on a ${selectOn.length}-row hold-out`);
  }
  const scores = { linear: -1, mlp: -1 };
  const track = (kind: 'linear' | 'mlp', options: TrainOptions): TrainOptions => ({
    ...options,
    onEpoch: (p) => {
      options.onEpoch?.(p);
      scores[kind] = Math.max(scores[kind], p.devAccuracy ?? -1);
    },
  });
  const linear = trainLinear(fitOn, selectOn, track('linear', base('linear')));
  const mlp = trainMlp(fitOn, selectOn, { ...track('mlp', mlpOptions(`mlp-${hidden}`)), hidden });
  const useMlp = scores.mlp > scores.linear;
  request.progress(
    `  chose ${useMlp ? `mlp-${hidden}` : 'linear'} (held-out accuracy linear ${scores.linear.toFixed(4)}, mlp ${scores.mlp.toFixed(4)})`,
  );
  if (dev.length > 0) return useMlp ? wrapMlp(mlp, buckets) : wrapLinear(linear, buckets);
  request.progress(`  training it again on all ${train.length} rows`);
  return useMlp
    ? wrapMlp(trainMlp(train, [], mlpOptions(`mlp-${hidden}`)), buckets)
    : wrapLinear(trainLinear(train, [], base('linear')), buckets);
}

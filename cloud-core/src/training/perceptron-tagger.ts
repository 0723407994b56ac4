import { bioTransitionsAllowed, type SparseFeatures, viterbiBioIndices } from '@branchline/shared';
import type { LinearModel } from './linear-model.js';
import { seededRandom, shuffleInPlace } from './random.js';

export interface TaggedSentence {
  features: SparseFeatures[];
  tags: number[];
}

export interface StructuredModel {
  emissions: LinearModel;
  /** transitions[i * tags + j]: score of tag j after tag i. */
  transitions: Float32Array;
}

/**
 * Averaged structured perceptron (Collins 2002) with tag transitions: unlike a per-character
 * classifier it learns which tag sequences hold together. Emission weights are exported as the
 * usual ONNX bag (features weigh 1 each, as here); transitions go in the model card.
 */
export function trainPerceptronTagger(
  sentences: TaggedSentence[],
  labels: string[],
  options: {
    epochs: number;
    seed: number;
    onEpoch?: (p: { epoch: number; epochs: number; errors: number; ms: number }) => void;
  },
): StructuredModel {
  const n = labels.length;
  const seen = new Set<number>();
  for (const s of sentences) for (const f of s.features) for (const id of f.ids) seen.add(id);
  const rowBuckets = Int32Array.from([...seen].sort((a, b) => a - b));
  const rowOf = new Map<number, number>();
  rowBuckets.forEach((b, i) => {
    rowOf.set(b, i + 1);
  });
  const compact = sentences.map((s) => ({
    rows: s.features.map((f) => Int32Array.from(f.ids, (id) => rowOf.get(id) ?? 0)),
    tags: s.tags,
  }));
  const size = (rowBuckets.length + 1) * n;
  const w = new Float32Array(size);
  const wSum = new Float64Array(size); // sum of c * update: averaged = w - wSum / c
  const a = new Float32Array(n * n);
  const aSum = new Float64Array(n * n);
  const allowed = bioTransitionsAllowed(labels);
  const random = seededRandom(options.seed);
  const order = compact.map((_, i) => i);
  let c = 1;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = Date.now();
    shuffleInPlace(order, random);
    let errors = 0;
    for (const index of order) {
      const s = compact[index];
      if (!s || s.tags.length === 0) continue;
      const length = s.tags.length;
      const scores = new Float64Array(length * n);
      for (let t = 0; t < length; t++) {
        for (const row of s.rows[t] ?? []) {
          const base = row * n;
          for (let j = 0; j < n; j++) scores[t * n + j] = (scores[t * n + j] ?? 0) + (w[base + j] ?? 0);
        }
      }
      const predicted = viterbiBioIndices(scores, length, labels, a, allowed);
      for (let t = 0; t < length; t++) {
        const gold = s.tags[t] ?? 0;
        const guess = predicted[t] ?? 0;
        if (gold !== guess) {
          errors++;
          for (const row of s.rows[t] ?? []) {
            w[row * n + gold] = (w[row * n + gold] ?? 0) + 1;
            wSum[row * n + gold] = (wSum[row * n + gold] ?? 0) + c;
            w[row * n + guess] = (w[row * n + guess] ?? 0) - 1;
            wSum[row * n + guess] = (wSum[row * n + guess] ?? 0) - c;
          }
        }
        if (t > 0) {
          const g = (s.tags[t - 1] ?? 0) * n + gold;
          const p = (predicted[t - 1] ?? 0) * n + guess;
          if (g !== p) {
            a[g] = (a[g] ?? 0) + 1;
            aSum[g] = (aSum[g] ?? 0) + c;
            a[p] = (a[p] ?? 0) - 1;
            aSum[p] = (aSum[p] ?? 0) - c;
          }
        }
      }
      c++;
    }
    options.onEpoch?.({ epoch, epochs: options.epochs, errors, ms: Date.now() - started });
  }
  // Averaged weights, scaled down so softmax probabilities keep their ratios in float32; one
  // common scale for emissions and transitions changes no decision.
  const scale = 0.1;
  const weights = new Float32Array(size);
  for (let i = n; i < size; i++) weights[i] = ((w[i] ?? 0) - (wSum[i] ?? 0) / c) * scale;
  const transitions = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) transitions[i] = ((a[i] ?? 0) - (aSum[i] ?? 0) / c) * scale;
  return { emissions: { classes: n, rowBuckets, weights, bias: new Float32Array(n) }, transitions };
}

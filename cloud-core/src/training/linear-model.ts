import type { SparseFeatures } from '@branchline/shared';

/**
 * A linear softmax over hashed sparse features. Only buckets seen in training get a row; row 0
 * is all zeros and stands for every unseen bucket. This is what the ONNX graph computes.
 */
export interface LinearModel {
  classes: number;
  /** Bucket id of each row after row 0; `remap` in the graph maps bucket -> row. */
  rowBuckets: Int32Array;
  /** (rows + 1) x classes. */
  weights: Float32Array;
  bias: Float32Array;
}

/** Maps bucket ids to rows; unseen buckets go to row 0. */
export function rowIndex(model: Pick<LinearModel, 'rowBuckets'>): Map<number, number> {
  const index = new Map<number, number>();
  model.rowBuckets.forEach((bucket, i) => {
    index.set(bucket, i + 1);
  });
  return index;
}

/** Class probabilities for one feature vector, exactly as the exported graph computes them. */
export function predictProbs(model: LinearModel, rows: Map<number, number>, x: SparseFeatures): Float32Array {
  const c = model.classes;
  const z = Float32Array.from(model.bias);
  for (let j = 0; j < x.ids.length; j++) {
    const row = rows.get(x.ids[j] ?? -1) ?? 0;
    if (row === 0) continue;
    const w = x.weights[j] ?? 0;
    const base = row * c;
    for (let k = 0; k < c; k++) z[k] = (z[k] ?? 0) + w * (model.weights[base + k] ?? 0);
  }
  return softmaxInPlace(z);
}

export function softmaxInPlace(z: Float32Array): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] ?? 0) - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] ?? 0) / sum;
  return z;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

/**
 * Gives every bucket seen in training a row (row 0 stays for unseen ones) and rewrites the
 * examples in row numbers, in typed arrays for the training loops.
 */
export function compactExamples(train: { ids: number[]; weights: number[]; label: number }[]) {
  const seen = new Set<number>();
  for (const x of train) for (const id of x.ids) seen.add(id);
  const rowBuckets = Int32Array.from([...seen].sort((a, b) => a - b));
  const rows = rowIndex({ rowBuckets });
  const compact = train.map((x) => ({
    rows: Int32Array.from(x.ids, (id) => rows.get(id) ?? 0),
    weights: Float32Array.from(x.weights),
    label: x.label,
  }));
  return { rowBuckets, compact };
}

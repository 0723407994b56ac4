import { fnv1a } from './hashing.js';
import { isCjk, normalizeText, segment } from './normalize.js';
import type { FeaturizerSettings } from './settings.js';

/** A sparse feature vector: bucket ids and their weights (L2-normalized). */
export interface SparseFeatures {
  ids: number[];
  weights: number[];
}

function numberShape(run: string): string {
  return `<num${Math.min(run.replace(/\D/g, '').length, 8)}>`;
}

/** The feature strings of a text, before hashing (exposed for tests and debugging). */
export function featureStrings(text: string, settings: FeaturizerSettings): string[] {
  const out: string[] = [];
  const words: string[] = [];
  for (const run of segment(normalizeText(text))) {
    const first = run[0] ?? '';
    if (isCjk(first)) {
      const chars = [...run];
      for (let n = 1; n <= settings.zhMaxN; n++) {
        for (let i = 0; i + n <= chars.length; i++) out.push(`z${n}:${chars.slice(i, i + n).join('')}`);
      }
      // Chinese runs join word n-grams as characters, so "转人工 please" links across scripts.
      words.push(...chars);
    } else if (/\d/.test(first)) {
      const shape = numberShape(run);
      out.push(`w:${shape}`);
      words.push(shape);
    } else if (/\p{L}/u.test(first)) {
      out.push(`w:${run}`);
      words.push(run);
      const bounded = `<${run}>`;
      for (let n = settings.charMinN; n <= settings.charMaxN; n++) {
        for (let i = 0; i + n <= bounded.length; i++) out.push(`c:${bounded.slice(i, i + n)}`);
      }
    } else {
      out.push(`p:${run}`);
      words.push(run);
    }
  }
  for (let n = 2; n <= settings.wordMaxN; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(`w${n}:${words.slice(i, i + n).join(' ')}`);
  }
  return out;
}

/** Hashes feature strings into buckets with (sub-linear) counts, L2-normalized. */
export function hashFeatures(strings: string[], buckets: number, sublinear: boolean): SparseFeatures {
  const counts = new Map<number, number>();
  for (const s of strings) {
    const id = fnv1a(s) & (buckets - 1);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ids = [...counts.keys()];
  const weights = ids.map((id) => {
    const tf = counts.get(id) ?? 0;
    return sublinear ? 1 + Math.log(tf) : tf;
  });
  const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0)) || 1;
  return { ids, weights: weights.map((w) => w / norm) };
}

/** Text -> sparse features: the one function trainer and edge both call. */
export function featurize(text: string, settings: FeaturizerSettings): SparseFeatures {
  return hashFeatures(featureStrings(text, settings), settings.buckets, settings.sublinearTf);
}

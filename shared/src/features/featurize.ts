import { fnv1a, fnv1aExtend } from './hashing.js';
import { isCjk, normalizeText, segment } from './normalize.js';
import type { FeaturizerSettings } from './settings.js';

/** A sparse feature vector: bucket ids and their weights (L2-normalized). */
export interface SparseFeatures {
  ids: number[];
  weights: number[];
}

/**
 * Receives each feature as a prefix followed by parts; a feature's string is their
 * concatenation. One walker feeds both the readable strings and the allocation-free hashes,
 * so the two can never disagree.
 */
interface FeatureSink {
  begin(prefix: string): void;
  part(text: string): void;
  end(): void;
}

function numberShape(run: string): string {
  return `<num${Math.min(run.replace(/\D/g, '').length, 8)}>`;
}

function walkFeatures(text: string, settings: FeaturizerSettings, sink: FeatureSink): void {
  const words: string[] = [];
  const single = (prefix: string, value: string) => {
    sink.begin(prefix);
    sink.part(value);
    sink.end();
  };
  for (const run of segment(normalizeText(text))) {
    const first = run[0] ?? '';
    if (isCjk(first)) {
      const chars = [...run];
      for (let n = 1; n <= settings.zhMaxN; n++) {
        for (let i = 0; i + n <= chars.length; i++) {
          sink.begin(`z${n}:`);
          for (let k = i; k < i + n; k++) sink.part(chars[k] ?? '');
          sink.end();
        }
      }
      // Chinese runs join word n-grams as characters, so "转人工 please" links across scripts.
      words.push(...chars);
    } else if (/\d/.test(first)) {
      const shape = numberShape(run);
      single('w:', shape);
      words.push(shape);
    } else if (/\p{L}/u.test(first)) {
      single('w:', run);
      words.push(run);
      const bounded = `<${run}>`;
      for (let n = settings.charMinN; n <= settings.charMaxN; n++) {
        for (let i = 0; i + n <= bounded.length; i++) single('c:', bounded.slice(i, i + n));
      }
    } else {
      single('p:', run);
      words.push(run);
    }
  }
  for (let n = 2; n <= settings.wordMaxN; n++) {
    for (let i = 0; i + n <= words.length; i++) {
      sink.begin(`w${n}:`);
      for (let k = i; k < i + n; k++) {
        if (k > i) sink.part(' ');
        sink.part(words[k] ?? '');
      }
      sink.end();
    }
  }
}

/** The feature strings of a text, before hashing (for tests and debugging). */
export function featureStrings(text: string, settings: FeaturizerSettings): string[] {
  const out: string[] = [];
  let current = '';
  walkFeatures(text, settings, {
    begin: (prefix) => {
      current = prefix;
    },
    part: (value) => {
      current += value;
    },
    end: () => out.push(current),
  });
  return out;
}

function normalizedWeights(counts: Map<number, number>, sublinear: boolean): SparseFeatures {
  const ids = [...counts.keys()];
  const weights = ids.map((id) => {
    const tf = counts.get(id) ?? 0;
    return sublinear ? 1 + Math.log(tf) : tf;
  });
  const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0)) || 1;
  return { ids, weights: weights.map((w) => w / norm) };
}

/** Hashes feature strings into buckets with (sub-linear) counts, L2-normalized. */
export function hashFeatures(strings: string[], buckets: number, sublinear: boolean): SparseFeatures {
  const counts = new Map<number, number>();
  for (const s of strings) {
    const id = fnv1a(s) & (buckets - 1);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return normalizedWeights(counts, sublinear);
}

/**
 * Text -> sparse features: the one function trainer and edge both call. It hashes as it walks
 * (FNV-1a extends over the parts of a feature), so no feature string is ever built.
 */
export function featurize(text: string, settings: FeaturizerSettings): SparseFeatures {
  const counts = new Map<number, number>();
  const mask = settings.buckets - 1;
  let hash = 0;
  walkFeatures(text, settings, {
    begin: (prefix) => {
      hash = fnv1a(prefix);
    },
    part: (value) => {
      hash = fnv1aExtend(hash, value);
    },
    end: () => {
      const id = hash & mask;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    },
  });
  return normalizedWeights(counts, settings.sublinearTf);
}

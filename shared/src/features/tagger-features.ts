import type { SparseFeatures } from './featurize.js';
import { fnv1a } from './hashing.js';
import type { TaggerFeatureSettings } from './settings.js';

function charClass(c: string): string {
  if (c === '') return 'E';
  if (/\p{Script=Han}/u.test(c)) return 'H';
  if (/\d/.test(c)) return 'D';
  if (/[a-z]/.test(c)) return 'L';
  if (/\s/.test(c)) return 'S';
  return 'P';
}

/**
 * Per-character window features for the tagger. Works on NFKC + lower-cased characters one to
 * one with the input (NFKC can change length, so each character is normalized on its own), so
 * tags map back to the original offsets.
 */
export function taggerFeatures(text: string, settings: TaggerFeatureSettings): SparseFeatures[] {
  const chars = [...text].map((c) => c.normalize('NFKC').toLowerCase().slice(0, 1) || ' ');
  const at = (i: number) => (i < 0 || i >= chars.length ? '' : (chars[i] ?? ''));
  const w = settings.window;
  return chars.map((_, i) => {
    const f: string[] = ['bias'];
    for (let d = -w; d <= w; d++) f.push(`u${d}:${at(i + d)}`, `k${d}:${charClass(at(i + d))}`);
    for (let d = -w; d < w; d++) f.push(`b${d}:${at(i + d)}${at(i + d + 1)}`);
    for (let d = -2; d <= 0; d++) f.push(`t${d}:${at(i + d)}${at(i + d + 1)}${at(i + d + 2)}`);
    f.push(`kk:${charClass(at(i - 1))}${charClass(at(i))}${charClass(at(i + 1))}`);
    const ids: number[] = [];
    const seen = new Set<number>();
    for (const s of f) {
      const id = fnv1a(s) & (settings.buckets - 1);
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
    // Binary features: the structured perceptron that trains the tagger scores them that way.
    return { ids, weights: ids.map(() => 1) };
  });
}

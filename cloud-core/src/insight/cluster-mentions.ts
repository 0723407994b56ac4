import { defaultFeaturizerSettings, featureStrings } from '@branchline/shared';
import type { MentionKind } from './insight-miner.js';

export interface ClusterItem {
  kind: MentionKind;
  text: string;
}

export interface MentionCluster {
  kind: MentionKind;
  /** The cluster's most telling terms, joined: a name to read, not a category. */
  label: string;
  terms: string[];
  size: number;
  /** Distinct sentences nearest the cluster's centre. */
  examples: string[];
}

export interface ClusterOptions {
  /** Cosine similarity a sentence needs to join a cluster. */
  threshold?: number;
  minSize?: number;
  limit?: number;
}

type Vector = Map<string, number>;

const settings = { ...defaultFeaturizerSettings, zhMaxN: 3, wordMaxN: 2 };
const tokenPattern = /⟦[A-Z_]+_\d+⟧/gu;
// Words that join any two sentences; without them "I am worried about the X" clusters by "I am".
const stopwords = new Set(
  'a an the and or but is are was were be been to of in on for at by with it its this that these those i me my we our you your he she they them their there here so very just really too also not no do does did have has had will would can could should about than then as if what which who when how why 我 你 他 她 它 的 了 是 在 有 和 就 都 也 很 吗 呢 吧 啊'.split(
    ' ',
  ),
);

/** The features two sentences share when they say the same thing: words, word pairs, CJK 2-3-grams. */
function featuresOf(text: string): string[] {
  return featureStrings(text.replace(tokenPattern, ' '), settings).filter((f) => {
    if (f.startsWith('z1:') || f.startsWith('p:')) return false;
    if (f.startsWith('w:')) return !stopwords.has(f.slice(2)) && !f.startsWith('w:<num');
    // A pair of Chinese characters is already a z2 feature; as a word pair it would count twice.
    if (f.startsWith('w2:')) {
      const pair = f.slice(3);
      return !/^\p{Script=Han} \p{Script=Han}$/u.test(pair) && pair.split(' ').some((w) => !stopwords.has(w));
    }
    return true;
  });
}

const readableTerm = (feature: string) =>
  feature.startsWith('c:') ? null : feature.slice(feature.indexOf(':') + 1);

function cosine(a: Vector, b: Vector, bNorm: number): number {
  if (bNorm === 0) return 0;
  let dot = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [k, v] of small) dot += v * (large.get(k) ?? 0);
  return dot / bNorm;
}

interface Group {
  kind: MentionKind;
  members: { text: string; vector: Vector }[];
  centroid: Vector;
  norm: number;
}

/**
 * Groups the reasons and objections no theme claimed, so recurring ones show up before anyone
 * writes a pattern for them. One pass of leader clustering over tf-idf vectors of the sentences'
 * words and character n-grams (the featurizer the models use), reasons and objections apart.
 * Deterministic for a given input order.
 */
export function clusterMentions(
  items: readonly ClusterItem[],
  options: ClusterOptions = {},
): MentionCluster[] {
  const threshold = options.threshold ?? 0.15;
  const minSize = options.minSize ?? 2;
  const limit = options.limit ?? 10;
  const features = items.map((item) => new Set(featuresOf(item.text)));
  const df = new Map<string, number>();
  for (const set of features) for (const f of set) df.set(f, (df.get(f) ?? 0) + 1);
  const idf = (f: string) => Math.log((items.length + 1) / ((df.get(f) ?? 0) + 1)) + 1;

  const groups: Group[] = [];
  items.forEach((item, i) => {
    const vector: Vector = new Map();
    let norm = 0;
    for (const f of features[i] ?? []) {
      const w = idf(f);
      vector.set(f, w);
      norm += w * w;
    }
    if (norm === 0) return;
    norm = Math.sqrt(norm);
    for (const [f, w] of vector) vector.set(f, w / norm);
    let best: Group | undefined;
    let bestScore = threshold;
    for (const group of groups) {
      if (group.kind !== item.kind) continue;
      const score = cosine(vector, group.centroid, group.norm);
      if (score >= bestScore) {
        best = group;
        bestScore = score;
      }
    }
    const group: Group = best ?? { kind: item.kind, members: [], centroid: new Map(), norm: 0 };
    if (!best) groups.push(group);
    group.members.push({ text: item.text, vector });
    // The squared norm changes only where the new vector adds weight: (c + w)² - c² per feature.
    let squared = group.norm * group.norm;
    for (const [f, w] of vector) {
      const c = group.centroid.get(f) ?? 0;
      group.centroid.set(f, c + w);
      squared += 2 * c * w + w * w;
    }
    group.norm = Math.sqrt(squared);
  });

  return groups
    .filter((g) => g.members.length >= minSize)
    .sort((a, b) => b.members.length - a.members.length)
    .slice(0, limit)
    .map((g) => describe(g, idf));
}

/** `a` and `b` joined where one's end is the other's start (two characters or more), else null. */
function overlapJoin(a: string, b: string): string | null {
  if (!/^\p{Script=Han}+$/u.test(a) || !/^\p{Script=Han}+$/u.test(b)) return null;
  for (let n = Math.min(a.length, b.length) - 1; n >= 2; n--) {
    if (a.endsWith(b.slice(0, n))) return a + b.slice(n);
    if (b.endsWith(a.slice(0, n))) return b + a.slice(n);
  }
  return null;
}

function describe(group: Group, idf: (f: string) => number): MentionCluster {
  const inGroup = new Map<string, number>();
  for (const m of group.members) for (const f of m.vector.keys()) inGroup.set(f, (inGroup.get(f) ?? 0) + 1);
  const ranked = [...inGroup]
    .filter(([f, n]) => n >= Math.max(2, group.members.length * 0.3) && readableTerm(f) !== null)
    .map(([f, n]) => ({
      term: readableTerm(f) as string,
      score: n * idf(f) * (f.startsWith('z') ? f.length / 4 : 1),
    }))
    .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
  const terms: string[] = [];
  for (const { term } of ranked) {
    if (terms.some((t) => t.includes(term) || term.includes(t))) continue;
    // Overlapping CJK n-grams ("物业不", "业不同", "不同意") read as one phrase ("物业不同意").
    const joined = terms.findIndex((t) => overlapJoin(t, term) !== null);
    if (joined >= 0) terms[joined] = overlapJoin(terms[joined] as string, term) as string;
    else if (terms.length < 3) terms.push(term);
  }
  const examples = [
    ...new Set(
      group.members
        .map((m) => ({ text: m.text, score: cosine(m.vector, group.centroid, group.norm) }))
        .sort((a, b) => b.score - a.score)
        .map((m) => m.text),
    ),
  ].slice(0, 3);
  return {
    kind: group.kind,
    label: terms.join(' · ') || (examples[0] ?? '').slice(0, 40),
    terms,
    size: group.members.length,
    examples,
  };
}

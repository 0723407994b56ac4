import type { EntitySpan } from '@branchline/shared';

export interface ClassificationReport {
  accuracy: number;
  macroF1: number;
  perLabelF1: Record<string, number>;
  /** The most frequent confusions, "true -> predicted". */
  worstConfusions: { expected: string; predicted: string; count: number }[];
}

const f1 = (tp: number, fp: number, fn: number) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

export function classificationReport(
  expected: string[],
  predicted: string[],
  labels: string[],
): ClassificationReport {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const confusions = new Map<string, number>();
  let right = 0;
  expected.forEach((e, i) => {
    const p = predicted[i] ?? '';
    if (e === p) {
      right++;
      tp.set(e, (tp.get(e) ?? 0) + 1);
    } else {
      fp.set(p, (fp.get(p) ?? 0) + 1);
      fn.set(e, (fn.get(e) ?? 0) + 1);
      const key = `${e}\u0000${p}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
  });
  const present = labels.filter((l) => (tp.get(l) ?? 0) + (fn.get(l) ?? 0) > 0);
  const perLabelF1 = Object.fromEntries(
    present.map((l) => [l, f1(tp.get(l) ?? 0, fp.get(l) ?? 0, fn.get(l) ?? 0)]),
  );
  const values = Object.values(perLabelF1);
  return {
    accuracy: expected.length === 0 ? 0 : right / expected.length,
    macroF1: values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length,
    perLabelF1,
    worstConfusions: [...confusions.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([key, count]) => {
        const [e, p] = key.split('\u0000');
        return { expected: e ?? '', predicted: p ?? '', count };
      }),
  };
}

export interface EntityReport {
  precision: number;
  recall: number;
  f1: number;
  perType: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

/** Exact-match entity scores (type, start and end must all agree), micro over all types. */
export function entityReport(gold: EntitySpan[][], found: EntitySpan[][], types: string[]): EntityReport {
  const key = (s: EntitySpan) => `${s.type}:${s.start}:${s.end}`;
  const counts = new Map(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  gold.forEach((g, i) => {
    const f = found[i] ?? [];
    const goldKeys = new Set(g.map(key));
    const foundKeys = new Set(f.map(key));
    for (const s of f) {
      const c = counts.get(s.type);
      if (c) goldKeys.has(key(s)) ? c.tp++ : c.fp++;
    }
    for (const s of g) {
      const c = counts.get(s.type);
      if (c && !foundKeys.has(key(s))) c.fn++;
    }
  });
  const score = ({ tp, fp, fn }: { tp: number; fp: number; fn: number }) => ({
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    f1: f1(tp, fp, fn),
    support: tp + fn,
  });
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const c of counts.values()) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  const { support: _s, ...overall } = score(total);
  return { ...overall, perType: Object.fromEntries([...counts].map(([t, c]) => [t, score(c)])) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

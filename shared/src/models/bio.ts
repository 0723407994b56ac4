/** An entity found by the tagger: [start, end) in characters of the input (code points). */
export interface EntitySpan {
  type: string;
  start: number;
  end: number;
}

/** BIO tag set for entity types: O, then B-x and I-x for each type in order. */
export function bioLabels(types: string[]): string[] {
  return ['O', ...types.flatMap((t) => [`B-${t}`, `I-${t}`])];
}

/** allowed[i * n + j]: whether tag j may follow tag i (I-x only after B-x or I-x). */
export function bioTransitionsAllowed(labels: string[]): boolean[] {
  const n = labels.length;
  const allowed = new Array<boolean>(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const prev = labels[i] ?? 'O';
      const next = labels[j] ?? 'O';
      allowed[i * n + j] = !next.startsWith('I-') || (prev !== 'O' && prev.slice(2) === next.slice(2));
    }
  }
  return allowed;
}

/**
 * Best tag index sequence under the BIO rule, from additive per-position scores [length x n]
 * and optional tag-to-tag scores [n x n]. The tagger's trainer and the edge both decode here.
 */
export function viterbiBioIndices(
  scores: ArrayLike<number>,
  length: number,
  labels: string[],
  transitions?: ArrayLike<number>,
  allowed: boolean[] = bioTransitionsAllowed(labels),
): number[] {
  const n = labels.length;
  if (length === 0) return [];
  const best = new Float64Array(length * n).fill(Number.NEGATIVE_INFINITY);
  const back = new Int32Array(length * n);
  for (let j = 0; j < n; j++) if (!(labels[j] ?? '').startsWith('I-')) best[j] = scores[j] ?? 0;
  for (let t = 1; t < length; t++) {
    for (let j = 0; j < n; j++) {
      let top = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let i = 0; i < n; i++) {
        if (!allowed[i * n + j]) continue;
        const s = (best[(t - 1) * n + i] ?? Number.NEGATIVE_INFINITY) + (transitions?.[i * n + j] ?? 0);
        if (s > top) {
          top = s;
          arg = i;
        }
      }
      best[t * n + j] = top + (scores[t * n + j] ?? 0);
      back[t * n + j] = arg;
    }
  }
  let last = 0;
  for (let j = 1; j < n; j++) {
    if ((best[(length - 1) * n + j] ?? 0) > (best[(length - 1) * n + last] ?? 0)) last = j;
  }
  const path = new Array<number>(length);
  for (let t = length - 1; t >= 0; t--) {
    path[t] = last;
    last = back[t * n + last] ?? 0;
  }
  return path;
}

/**
 * Most likely tag sequence under the BIO rule from per-character probabilities [chars x labels].
 * Plain argmax would emit broken entities such as a lone I-name.
 */
export function viterbiBio(
  probs: Float32Array,
  chars: number,
  labels: string[],
  transitions?: ArrayLike<number>,
): string[] {
  const logs = Float64Array.from(probs.subarray(0, chars * labels.length), (p) =>
    Math.log(Math.max(p, 1e-37)),
  );
  return viterbiBioIndices(logs, chars, labels, transitions).map((i) => labels[i] ?? 'O');
}

/** BIO tags -> entity spans. */
export function spansFromBio(tags: string[]): EntitySpan[] {
  const spans: EntitySpan[] = [];
  let open: EntitySpan | undefined;
  tags.forEach((tag, i) => {
    if (tag.startsWith('B-') || (tag.startsWith('I-') && open?.type !== tag.slice(2))) {
      if (open) spans.push(open);
      open = { type: tag.slice(2), start: i, end: i + 1 };
    } else if (tag.startsWith('I-') && open) {
      open.end = i + 1;
    } else {
      if (open) spans.push(open);
      open = undefined;
    }
  });
  if (open) spans.push(open);
  return spans;
}

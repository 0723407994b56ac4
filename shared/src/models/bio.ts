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

/**
 * Most likely tag sequence under the BIO rule (I-x only after B-x or I-x), from per-character
 * probabilities [chars x labels]. Plain argmax would emit broken entities such as a lone I-name.
 */
export function viterbiBio(
  probs: Float32Array,
  chars: number,
  labels: string[],
  transitions?: ArrayLike<number>,
): string[] {
  const n = labels.length;
  if (chars === 0) return [];
  const allowed = (prev: string, next: string) =>
    !next.startsWith('I-') || prev === `B-${next.slice(2)}` || prev === `I-${next.slice(2)}`;
  const score = new Float64Array(chars * n).fill(Number.NEGATIVE_INFINITY);
  const back = new Int32Array(chars * n);
  for (let j = 0; j < n; j++) {
    if (!(labels[j] ?? '').startsWith('I-')) score[j] = Math.log(Math.max(probs[j] ?? 0, 1e-37));
  }
  for (let t = 1; t < chars; t++) {
    for (let j = 0; j < n; j++) {
      const emit = Math.log(Math.max(probs[t * n + j] ?? 0, 1e-37));
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let i = 0; i < n; i++) {
        const s = (score[(t - 1) * n + i] ?? Number.NEGATIVE_INFINITY) + (transitions?.[i * n + j] ?? 0);
        if (s > best && allowed(labels[i] ?? 'O', labels[j] ?? 'O')) {
          best = s;
          arg = i;
        }
      }
      score[t * n + j] = best + emit;
      back[t * n + j] = arg;
    }
  }
  let last = 0;
  for (let j = 1; j < n; j++)
    if ((score[(chars - 1) * n + j] ?? 0) > (score[(chars - 1) * n + last] ?? 0)) last = j;
  const tags = new Array<string>(chars);
  for (let t = chars - 1; t >= 0; t--) {
    tags[t] = labels[last] ?? 'O';
    last = back[t * n + last] ?? 0;
  }
  return tags;
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

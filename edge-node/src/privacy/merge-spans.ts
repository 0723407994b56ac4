import { type PiiSpan, ruleBasedKinds } from './types.js';

/** Known values beat checked patterns, patterns beat context cues, cues beat the tagger. */
function rank(span: PiiSpan): number {
  if (span.source === 'known') return 4;
  if (ruleBasedKinds.includes(span.kind)) return 3;
  if (span.source.startsWith('cue:')) return 2;
  return 1;
}

const slice = (text: string, span: PiiSpan, start: number, end: number): PiiSpan => ({
  ...span,
  start,
  end,
  value: text.slice(start, end),
});

/**
 * One set of non-overlapping spans, sorted by start, from detectors that disagree. For privacy,
 * cutting a value in half is as bad as missing it, so overlapping names and addresses from
 * different detectors ("杭州市西湖区" by a cue, "西湖区文化路88号" by the tagger) become one span,
 * its kind from the more trusted detector; and where a checked value (a phone number) sits
 * inside such a span, the rest of the span stays covered on both sides of it.
 */
export function mergeSpans(text: string, spans: PiiSpan[]): PiiSpan[] {
  const exact: PiiSpan[] = [];
  for (const span of spans
    .filter((s) => rank(s) >= 3 && s.end > s.start)
    .sort((a, b) => rank(b) - rank(a) || b.end - b.start - (a.end - a.start))) {
    if (!exact.some((k) => span.start < k.end && k.start < span.end)) exact.push(span);
  }
  const fuzzy: PiiSpan[] = [];
  for (const span of spans.filter((s) => rank(s) < 3 && s.end > s.start).sort((a, b) => a.start - b.start)) {
    const last = fuzzy.at(-1);
    if (last && span.start < last.end) {
      const kind = rank(span) > rank(last) ? span : last;
      fuzzy[fuzzy.length - 1] = slice(text, kind, last.start, Math.max(last.end, span.end));
    } else {
      fuzzy.push(span);
    }
  }
  const pieces: PiiSpan[] = [];
  for (const span of fuzzy) {
    let start = span.start;
    for (const hole of exact
      .filter((e) => e.start < span.end && span.start < e.end)
      .sort((a, b) => a.start - b.start)) {
      if (hole.start > start) pieces.push(slice(text, span, start, hole.start));
      start = Math.max(start, hole.end);
    }
    if (start < span.end) pieces.push(slice(text, span, start, span.end));
  }
  // A piece that is only spaces or punctuation between two exact values hides nothing.
  const kept = pieces.filter((p) => /[\p{L}\p{N}]/u.test(p.value));
  return [...exact, ...kept].sort((a, b) => a.start - b.start);
}

import { type PiiSpan, ruleBasedKinds } from './types.js';

/** Checked patterns beat context cues, cues beat the tagger; among equals the longer span wins. */
function rank(span: PiiSpan): number {
  if (span.source === 'known') return 4;
  if (ruleBasedKinds.includes(span.kind)) return 3;
  if (span.source.startsWith('cue:')) return 2;
  return 1;
}

/** Non-overlapping spans, sorted by start, from detectors that may disagree. */
export function mergeSpans(spans: PiiSpan[]): PiiSpan[] {
  const ordered = [...spans].sort(
    (a, b) => rank(b) - rank(a) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiSpan[] = [];
  for (const span of ordered) {
    if (span.end <= span.start) continue;
    if (kept.some((k) => span.start < k.end && k.start < span.end)) continue;
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

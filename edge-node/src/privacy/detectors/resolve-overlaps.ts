import { type PiiKind, type PiiSpan, ruleBasedKinds } from '../types.js';

/** Among spans of equal length, a checked number beats a looser one (an ID is also Luhn-shaped). */
const kindRank: Record<PiiKind, number> = {
  id_number: 6,
  bank_card: 5,
  email: 4,
  phone: 3,
  address: 2,
  name: 1,
};

function outranks(a: PiiSpan, b: PiiSpan): number {
  const ruleA = ruleBasedKinds.includes(a.kind) ? 1 : 0;
  const ruleB = ruleBasedKinds.includes(b.kind) ? 1 : 0;
  return (
    ruleB - ruleA ||
    b.end - b.start - (a.end - a.start) ||
    kindRank[b.kind] - kindRank[a.kind] ||
    a.start - b.start
  );
}

/**
 * Keeps one span wherever detectors overlap: rule kinds over cue kinds, then the longer span,
 * then the better-checked kind. Returned in text order.
 */
export function resolveOverlaps(spans: readonly PiiSpan[]): PiiSpan[] {
  const kept: PiiSpan[] = [];
  for (const span of [...spans].sort(outranks)) {
    if (kept.every((k) => span.end <= k.start || span.start >= k.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

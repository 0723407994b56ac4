import type { PiiKind, PiiSpan } from './types.js';

/**
 * Values the branch already knows to be personal (the verified customer's name and address on
 * file, what a tool just quoted): found by exact match, so they never depend on a detector.
 */
export function knownValueSpans(text: string, known: readonly { kind: PiiKind; value: string }[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const { kind, value } of known) {
    if (value.length < 2) continue;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      spans.push({ kind, start: at, end: at + value.length, value, source: 'known' });
    }
  }
  return spans;
}

import type { EntitySpan } from '@branchline/shared';
import type { PiiKind, PiiSpan } from './types.js';

const taggerKinds: Record<string, PiiKind> = { name: 'name', address: 'address' };

/** The tagger counts code points; the rest of the edge slices strings by UTF-16 index. */
export function taggerSpans(text: string, entities: EntitySpan[]): PiiSpan[] {
  const offsets: number[] = [];
  let unit = 0;
  for (const ch of text) {
    offsets.push(unit);
    unit += ch.length;
  }
  offsets.push(unit);
  const spans: PiiSpan[] = [];
  for (const entity of entities) {
    const kind = taggerKinds[entity.type];
    if (!kind) continue;
    const start = offsets[entity.start] ?? unit;
    const end = offsets[entity.end] ?? unit;
    const value = text.slice(start, end).trim();
    // A name or an address has letters; a bare number the tagger marks is an order id or amount.
    if (!/[\p{L}]/u.test(value)) continue;
    const lead = text.slice(start, end).indexOf(value);
    spans.push({ kind, start: start + lead, end: start + lead + value.length, value, source: 'tagger' });
  }
  return spans;
}

import type { PiiKind, PiiSpan } from '../types.js';
import { foldWidth } from './fold-width.js';

/** The text as written (values are sliced from it) and its width-folded twin (patterns run on it). */
export interface Scan {
  readonly text: string;
  readonly folded: string;
}

export function scanOf(text: string): Scan {
  return { text, folded: foldWidth(text) };
}

export function spanOf(scan: Scan, kind: PiiKind, source: string, start: number, end: number): PiiSpan {
  return { kind, start, end, value: scan.text.slice(start, end), source };
}

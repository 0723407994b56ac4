import type { PiiSpan } from '../types.js';
import { findEnglishNames } from './names-en.js';
import { findChineseNames } from './names-zh.js';
import { type Scan, scanOf } from './scan.js';

export function findNames(scan: Scan): PiiSpan[] {
  return [...findChineseNames(scan), ...findEnglishNames(scan)];
}

/** Person names (zh and en) found from context: cue words before, honorifics and titles around. */
export function detectNames(text: string): PiiSpan[] {
  return findNames(scanOf(text));
}

import type { PiiSpan } from '../types.js';
import { findEnglishAddresses } from './addresses-en.js';
import { findChineseAddresses } from './addresses-zh.js';
import { type Scan, scanOf } from './scan.js';

export function findAddresses(scan: Scan): PiiSpan[] {
  return [...findChineseAddresses(scan), ...findEnglishAddresses(scan)];
}

/** Postal addresses (zh and en) found from their shape and from cue words. */
export function detectAddresses(text: string): PiiSpan[] {
  return findAddresses(scanOf(text));
}

import type { PiiSpan } from '../types.js';
import { residentIdCheckChar } from './checksums.js';
import { type Scan, scanOf, spanOf } from './scan.js';

/** First two digits of a resident ID: provinces, plus 81/82/83 for HK, Macau, Taiwan residence permits. */
const provinceCodes = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83,
]);

// 18-character form, optionally written 6-8-4 with spaces; or the pre-1999 15-digit form.
const idShape = /^(?:\d{17}[\dXx]|\d{15})$/;
const idPattern = /(?<!\d)(?:\d{6}( ?)\d{8}\1\d{3}[\dXx](?![\dXx])|\d{15}(?!\d))/g;

function isPlausibleBirthDate(year: number, month: number, day: number, now: Date): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day) return false; // rolled over: 02-30, 04-31
  return date.getTime() <= now.getTime();
}

/**
 * True for a mainland resident ID number (digits only, 18 or 15 long) with a known province,
 * a birth date that exists and is not in the future, and for 18 digits a correct MOD 11-2
 * check character.
 */
export function isResidentIdNumber(id: string, now = new Date()): boolean {
  if (!idShape.test(id) || !provinceCodes.has(Number(id.slice(0, 2)))) return false;
  if (id.length === 18) {
    const birth = id.slice(6, 14);
    if (!isPlausibleBirthDate(+birth.slice(0, 4), +birth.slice(4, 6), +birth.slice(6, 8), now)) return false;
    return residentIdCheckChar(id) === id.charAt(17).toUpperCase();
  }
  if (id.length === 15) {
    // No check digit in the old form, so the date is all there is to go on.
    return isPlausibleBirthDate(1900 + +id.slice(6, 8), +id.slice(8, 10), +id.slice(10, 12), now);
  }
  return false;
}

export function findIdNumbers(scan: Scan): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (scan.folded.length < 15) return spans;
  for (const match of scan.folded.matchAll(idPattern)) {
    const digits = match[0].replaceAll(' ', '');
    if (isResidentIdNumber(digits)) {
      spans.push(spanOf(scan, 'id_number', 'rule:id_number', match.index, match.index + match[0].length));
    }
  }
  return spans;
}

/** Mainland resident ID numbers (18 with a verified check character, or the old 15-digit form). */
export function detectIdNumbers(text: string): PiiSpan[] {
  return findIdNumbers(scanOf(text));
}

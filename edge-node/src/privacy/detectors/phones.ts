import { findPhoneNumbersInText, isPossiblePhoneNumber, isValidPhoneNumber } from 'libphonenumber-js/max';
import type { PiiSpan } from '../types.js';
import { type Scan, scanOf, spanOf } from './scan.js';

/**
 * Stretches of digits and phone punctuation. The library costs about 10 µs a call, so it reads
 * these stretches only, never the whole message, and not at all for a plain mainland mobile.
 * Cutting at letters also finds numbers glued to them ("tel13812345678"), which it would skip.
 */
const phoneish = /[+(]*\d[\d ().-]*\d\)?/g;
const minDigits = 7;
const plainMobile = /^(?:(?:\+|00)86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}$/;
/**
 * How a number the library should see starts: a country code, a bracket, a trunk 0, a mobile's
 * 1. Other stretches (dates, amounts, card numbers) only get the checks below.
 */
const libraryWorthy = /^(?:[+(01]|86)/;
/** Longer stretches are lists or tables; the checks below still find the numbers in them. */
const maxLibraryStretch = 40;

// What the library misses, each checked before it counts.
/** A mainland mobile beside other digits the library reads as one number. */
const mainlandMobile = /(?<![\d+])(?:(?:\+|00)86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/g;
/** A mainland landline with its area code, validated by the library on its own. */
const mainlandLandline = /(?<![\d+])(?:\(0\d{2,3}\) ?|0\d{2,3}[ -]?)\d{3,4}[ -]?\d{4}(?!\d)/g;
/** A North American number written without +1 ("(415) 555-0132"); the CN default misreads it. */
const northAmerican = /(?<![\d+])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)/g;
/** Anything after + or 00 that is the right length for its country (test and drama ranges too). */
const international = /(?<![\d+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,6})){1,6}(?!\d)/g;

const mobileNational = /^1[3-9]\d{9}$/;

interface Found {
  start: number;
  end: number;
}

/**
 * The library, with CN as the default country, also reads "20241123" or "415-555-0132" as a
 * mainland landline written without its trunk 0. Nobody in China writes a landline that way,
 * so a national-format hit counts only as a mobile or with the leading 0; the rest are left to
 * the North American check. Service numbers (400/800) go too: they are not anyone's personal data.
 */
function isWrittenLikeAPhone(raw: string, callingCode: string, nationalNumber: string): boolean {
  if (callingCode !== '86') return true;
  const digits = raw.replace(/\D/g, '');
  if (raw.includes('+') || digits.startsWith('00') || digits.startsWith('86')) return true;
  return mobileNational.test(nationalNumber) || digits.startsWith('0');
}

function collect(
  stretch: string,
  offset: number,
  pattern: RegExp,
  accept: (raw: string) => boolean,
  into: Found[],
): void {
  for (const match of stretch.matchAll(pattern)) {
    const start = offset + match.index;
    const end = start + match[0].length;
    // Already found whole: skip the check, it costs as much as the search did.
    if (into.some((f) => f.start <= start && end <= f.end)) continue;
    if (accept(match[0])) into.push({ start, end });
  }
}

function findInStretch(stretch: string, offset: number, into: Found[]): void {
  if (plainMobile.test(stretch)) {
    into.push({ start: offset, end: offset + stretch.length });
    return;
  }
  if (stretch.length <= maxLibraryStretch && libraryWorthy.test(stretch)) {
    for (const hit of findPhoneNumbersInText(stretch, { defaultCountry: 'CN' })) {
      const raw = stretch.slice(hit.startsAt, hit.endsAt);
      if (isWrittenLikeAPhone(raw, hit.number.countryCallingCode, hit.number.nationalNumber)) {
        into.push({ start: offset + hit.startsAt, end: offset + hit.endsAt });
      }
    }
  }
  collect(stretch, offset, mainlandMobile, () => true, into);
  collect(stretch, offset, mainlandLandline, (raw) => isValidPhoneNumber(raw, 'CN'), into);
  collect(stretch, offset, northAmerican, (raw) => isValidPhoneNumber(raw, 'US'), into);
  if (stretch.includes('+') || stretch.includes('00')) {
    collect(stretch, offset, international, (raw) => isPossiblePhoneNumber(raw.replace(/^00/, '+')), into);
  }
}

function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) count++;
  }
  return count;
}

/** Keeps the longest of overlapping finds, in text order. */
function longestFirst(found: Found[]): Found[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Found[] = [];
  for (const f of found) {
    const last = kept[kept.length - 1];
    if (!last || f.start >= last.end) kept.push(f);
    else if (f.end - f.start > last.end - last.start) kept[kept.length - 1] = f;
  }
  return kept;
}

export function findPhones(scan: Scan): PiiSpan[] {
  const { folded } = scan;
  const found: Found[] = [];
  for (const match of folded.matchAll(phoneish)) {
    if (countDigits(match[0]) >= minDigits) findInStretch(match[0], match.index, found);
  }
  return longestFirst(found).map((f) => spanOf(scan, 'phone', 'rule:phone', f.start, f.end));
}

/**
 * Phone numbers: mainland mobiles and landlines in any common spelling, and international
 * numbers with a country code or in North American form.
 */
export function detectPhones(text: string): PiiSpan[] {
  return findPhones(scanOf(text));
}

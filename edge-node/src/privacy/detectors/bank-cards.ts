import type { PiiSpan } from '../types.js';
import { isLuhnValid } from './checksums.js';
import { isResidentIdNumber } from './id-numbers.js';
import { type Scan, scanOf, spanOf } from './scan.js';

/** Maximal runs of digit groups joined by single spaces or dashes; cards are looked for inside. */
const digitRun = /\d+(?:[ -]\d+)*/g;

/**
 * A number right after an order/serial cue is that, not a card, even when it passes Luhn
 * (one in ten long numbers does).
 */
const notCardCue =
  /(?:订单号?|单号|编号|流水号?|工单号?|运单号?|(?<![a-z])(?:order|tracking|ref(?:erence)?)(?: no\.?| number| id)?)[\s:是为]*$/i;

const minDigits = 13;
const maxDigits = 19;

interface Group {
  start: number;
  end: number;
}

function digitsOf(folded: string, groups: readonly Group[], from: number, to: number): string {
  let digits = '';
  for (let g = from; g <= to; g++) {
    const group = groups[g];
    if (group) digits += folded.slice(group.start, group.end);
  }
  return digits;
}

/**
 * A card written in groups: every group but the last 4–6 digits (4-4-4-4, 4-6-5, 6-13), one
 * separator kind throughout, 13–19 digits in all.
 */
function isCardShape(folded: string, groups: readonly Group[], from: number, to: number): boolean {
  let total = 0;
  let separator = '';
  for (let g = from; g <= to; g++) {
    const group = groups[g];
    if (!group) return false;
    const length = group.end - group.start;
    total += length;
    if (g < to && (length < 4 || length > 6)) return false;
    if (g > from) {
      const sep = folded.charAt(group.start - 1);
      if (separator && sep !== separator) return false;
      separator = sep;
    }
  }
  return total >= minDigits && total <= maxDigits;
}

function isCardNumber(digits: string): boolean {
  // Card numbers never start with 0 (that is "0086…", a phone); 1111… passes Luhn but is filler.
  if (digits.startsWith('0') || /^(\d)\1*$/.test(digits)) return false;
  if ((digits.length === 18 || digits.length === 15) && isResidentIdNumber(digits)) return false;
  return isLuhnValid(digits);
}

function groupsOf(runStart: number, run: string): Group[] {
  const groups: Group[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i++) {
    const c = run.charCodeAt(i);
    if (i === run.length || c === 32 || c === 45) {
      groups.push({ start: runStart + start, end: runStart + i });
      start = i + 1;
    }
  }
  return groups;
}

export function findBankCards(scan: Scan): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const { folded } = scan;
  if (folded.length < minDigits) return spans;
  for (const match of folded.matchAll(digitRun)) {
    const run = match[0];
    if (run.length < minDigits) continue;
    if (notCardCue.test(folded.slice(Math.max(0, match.index - 12), match.index))) continue;
    const groups = groupsOf(match.index, run);
    // Greedy from the left, longest window first; a lone group must be the whole group, so
    // 16 digits are never cut out of a longer unbroken number.
    for (let from = 0; from < groups.length; ) {
      let taken = -1;
      for (let to = Math.min(groups.length - 1, from + 6); to >= from && taken < 0; to--) {
        if (!isCardShape(folded, groups, from, to)) continue;
        if (isCardNumber(digitsOf(folded, groups, from, to))) taken = to;
      }
      if (taken < 0) {
        from++;
        continue;
      }
      const first = groups[from];
      const last = groups[taken];
      if (first && last) spans.push(spanOf(scan, 'bank_card', 'rule:bank_card', first.start, last.end));
      from = taken + 1;
    }
  }
  return spans;
}

/** Bank card numbers: 13–19 digits, optionally grouped, Luhn-valid, not a resident ID number. */
export function detectBankCards(text: string): PiiSpan[] {
  return findBankCards(scanOf(text));
}

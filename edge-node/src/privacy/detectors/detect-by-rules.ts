import type { PiiSpan } from '../types.js';
import { findAddresses } from './addresses.js';
import { findBankCards } from './bank-cards.js';
import { findEmails } from './emails.js';
import { findIdNumbers } from './id-numbers.js';
import { findNames } from './names.js';
import { findPhones } from './phones.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { scanOf } from './scan.js';

/**
 * Every rule detector (phone, ID, card, email) and cue detector (name, address) over `text`,
 * one span wherever they overlap, sorted by start. The text is width-folded once for all.
 */
export function detectByRules(text: string): PiiSpan[] {
  const scan = scanOf(text);
  return resolveOverlaps([
    ...findIdNumbers(scan),
    ...findBankCards(scan),
    ...findPhones(scan),
    ...findEmails(scan),
    ...findNames(scan),
    ...findAddresses(scan),
  ]);
}

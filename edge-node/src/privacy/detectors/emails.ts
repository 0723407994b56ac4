import type { PiiSpan } from '../types.js';
import { type Scan, scanOf, spanOf } from './scan.js';

// Scanning out from each '@' keeps the work linear; a whole-text email regex backtracks over
// every long word. Only ASCII counts as part of an address, so Chinese text right next to one
// ("邮箱是zhang.wei@example.com，谢谢") is a boundary by itself.
const localChar = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/;
const domainChar = /[A-Za-z0-9.-]/;
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const domainPart = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function findEmails(scan: Scan): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const { folded } = scan;
  let after = 0; // never start inside an address already taken
  for (let at = folded.indexOf('@'); at >= 0; at = folded.indexOf('@', at + 1)) {
    let start = at;
    const floor = Math.max(after, at - 64);
    while (start > floor && localChar.test(folded.charAt(start - 1))) start--;
    while (folded.charAt(start) === '.') start++;
    let end = at + 1;
    const ceiling = Math.min(folded.length, at + 256);
    while (end < ceiling && domainChar.test(folded.charAt(end))) end++;
    // A sentence full stop or a dash after the address is not part of it.
    while (end > at + 1 && /[.-]/.test(folded.charAt(end - 1))) end--;
    const local = folded.slice(start, at);
    const domain = folded.slice(at + 1, end);
    if (local.length === 0 || local.length > 64 || !localPart.test(local) || !domainPart.test(domain))
      continue;
    spans.push(spanOf(scan, 'email', 'rule:email', start, end));
    after = end;
  }
  return spans;
}

/** Email addresses (pragmatic RFC 5322 dot-atom form, no quoted local parts or IP literals). */
export function detectEmails(text: string): PiiSpan[] {
  return findEmails(scanOf(text));
}

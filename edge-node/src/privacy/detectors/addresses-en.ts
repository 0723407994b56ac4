import type { PiiSpan } from '../types.js';
import { type Scan, spanOf } from './scan.js';

const word = String.raw`(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))`;
const streetType =
  '(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Boulevard|Blvd|Court|Ct|Place|Pl|Terrace|Crescent|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy)';
const houseNumber = String.raw`(?:No\.? ?)?\d{1,5}[A-Za-z]?(?:-\d{1,5})?`;
const unit = String.raw`(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|Floor|Fl)\.? ?#?[A-Za-z0-9-]{1,6}|,? #\d{1,5}[A-Za-z]?)`;
const place = '(?:, ?[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?![A-Za-z]))';
/** UK postcode, US state + ZIP, or a bare 5–6 digit code (ZIP, mainland postcode). */
const postcode = String.raw`(?:,? ?(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]{2} \d{5}(?:-\d{4})?|\d{5,6}(?:-\d{4})?)(?![A-Za-z\d]))`;

/** "221B Baker Street, London NW1 6XE", "350 5th Ave, Suite 3300, New York, NY 10118". */
const streetAddress = new RegExp(
  String.raw`(?<![\w-])${houseNumber},? (?:${word} ){1,4}${streetType}\b\.?${unit}?${place}{0,3}${postcode}?`,
  'g',
);

/** English street addresses: house number, capitalised street name and type, then town and postcode. */
export function findEnglishAddresses(scan: Scan): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (!/\d/.test(scan.folded)) return spans;
  for (const match of scan.folded.matchAll(streetAddress)) {
    spans.push(spanOf(scan, 'address', 'cue:address', match.index, match.index + match[0].length));
  }
  return spans;
}

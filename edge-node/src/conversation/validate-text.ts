import { BranchlineError } from '@branchline/shared';

// Control characters other than tab and newlines, bidi overrides that can disguise text, and
// the zero-width no-break space.
const forbidden = /[^\P{Cc}\t\n\r]|[\u202A-\u202E\u2066-\u2069\uFEFF]/u;

// Half of a UTF-16 pair on its own: not a character, and it breaks storage and JSON round trips.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A customer message as the pipeline may take it, or a typed error saying what is wrong. */
export function validateText(value: unknown, maxChars: number): string {
  if (typeof value !== 'string') throw new BranchlineError('invalid_argument', '"text" must be a string');
  if (loneSurrogate.test(value)) throw new BranchlineError('invalid_argument', '"text" is not valid Unicode');
  const forbiddenAt = value.search(forbidden);
  if (forbiddenAt >= 0) {
    const code = value.codePointAt(forbiddenAt)?.toString(16).padStart(4, '0');
    throw new BranchlineError(
      'invalid_argument',
      `"text" holds a control character (U+${code}) at ${forbiddenAt}`,
    );
  }
  const text = value.normalize('NFC').trim();
  if (text.length === 0) throw new BranchlineError('invalid_argument', '"text" is empty');
  const chars = [...text].length;
  if (chars > maxChars) {
    throw new BranchlineError(
      'payload_too_large',
      `"text" has ${chars} characters; the limit is ${maxChars}`,
    );
  }
  return text;
}

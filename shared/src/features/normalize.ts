/**
 * One normalization for training and serving: NFKC folds full-width digits and letters to
 * ASCII (１２３ -> 123, ＡＢＣ -> ABC) and compatibility forms; then lower case and one space.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const cjk = /[\u3400-\u9fff\uf900-\ufaff]/;

export function isCjk(char: string): boolean {
  return cjk.test(char);
}

/** Runs of Chinese characters, Latin words, numbers, and single punctuation marks. */
export function segment(normalized: string): string[] {
  return (
    normalized.match(
      /[\u3400-\u9fff\uf900-\ufaff]+|[a-z]+(?:'[a-z]+)*|\d+(?:[.,:]\d+)*|[^\s\p{L}\p{N}]|\p{L}+/gu,
    ) ?? []
  );
}

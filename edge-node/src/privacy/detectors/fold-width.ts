const foldable = /[\uFF01-\uFF5E\u3000\u2010-\u2013]/;
const foldableAll = /[\uFF01-\uFF5E\u3000\u2010-\u2013]/g;

function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x3000) return ' ';
  if (code >= 0x2010 && code <= 0x2013) return '-';
  return String.fromCharCode(code - 0xfee0);
}

/**
 * Folds full-width ASCII (`１３８`, `＠`, `－`, `（`), the ideographic space and Unicode hyphens
 * to plain ASCII. Every folded character is one UTF-16 unit before and after, so an offset found
 * in the folded text points at the same character in the original: detectors match on the fold
 * and slice values from the original.
 */
export function foldWidth(text: string): string {
  return foldable.test(text) ? text.replace(foldableAll, foldChar) : text;
}

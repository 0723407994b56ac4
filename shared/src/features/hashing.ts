const offsetBasis = 0x811c9dc5;

/** FNV-1a over UTF-16 code units: fast, stable across platforms, no dependency. */
export function fnv1a(text: string): number {
  return fnv1aExtend(offsetBasis, text);
}

/** Continues an FNV-1a hash with more text: fnv1a(a + b) === fnv1aExtend(fnv1a(a), b). */
export function fnv1aExtend(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The pieces two texts are compared by when no model is at hand: two-character pieces of
 * Chinese (no word boundaries to rely on) and lower-cased words of everything else.
 */
const TOKEN = /⟦[^⟦⟧]*⟧/g;
const HAN_RUN = /\p{Script=Han}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

// Pieces every question shares, which say nothing about which passage answers it.
const STOP = new Set([
  ...[
    '请问',
    '你好',
    '您好',
    '我们',
    '我想',
    '想问',
    '可以',
    '一下',
    '什么',
    '怎么',
    '多少',
    '是不',
    '不是',
    '的吗',
  ],
  ...['the', 'a', 'an', 'and', 'or', 'is', 'are', 'am', 'be', 'do', 'does', 'did', 'i', 'you', 'we', 'my'],
  ...['your', 'our', 'to', 'of', 'in', 'on', 'for', 'at', 'it', 'can', 'what', 'how', 'when', 'is', 'me'],
  ...['please', 'hello', 'hi', 'there', 'this', 'that', 'with', 'about', 'will', 'would', 'could'],
]);

export function textPieces(text: string): Set<string> {
  const pieces = new Set<string>();
  const clean = text.normalize('NFKC').toLowerCase().replace(TOKEN, ' ');
  for (const run of clean.match(HAN_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) pieces.add(run);
    for (let i = 0; i + 1 < chars.length; i++) pieces.add(`${chars[i]}${chars[i + 1]}`);
  }
  for (const word of clean.replace(HAN_RUN, ' ').match(WORD) ?? []) pieces.add(word);
  for (const stop of STOP) pieces.delete(stop);
  return pieces;
}

export function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const piece of a) if (b.has(piece)) shared++;
  return shared;
}

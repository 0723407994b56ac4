/** A regular-expression alternation of words: `(a|b|c)`. */
export const alt = (words: readonly string[]) => `(${words.join('|')})`;

const han = /\p{Script=Han}/u;
const englishStopwords = new Set(
  'the a an and or of to in on for with is are was be do does did can could i me my you your it this that what when where how which who please tell about have has there their our we us at by from as'.split(
    ' ',
  ),
);
/** Characters of Chinese function words and question words: pieces holding one carry no topic. */
const chineseFunctionChars = new Set(
  '的了吗呢吧啊呀哦我你您他她它们是在有和与及或请问怎么什哪几多少个这那就都也还要想能可以会吧嘛',
);

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function pieces(chars: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) {
    const piece = chars.slice(i, i + n);
    if (!piece.some((c) => chineseFunctionChars.has(c))) out.push(piece.join(''));
  }
  return out;
}

export interface QueryTerms {
  /** For the FTS5 trigram index: Chinese three-character pieces and English words of 3+ letters. */
  index: string[];
  /**
   * For judging a passage: Chinese two-character pieces (most Chinese words are two characters,
   * which the trigram index cannot see) and English words.
   */
  judge: string[];
}

/** What a question searches for and what a passage must contain to answer it. */
export function queryTerms(question: string): QueryTerms {
  const index = new Set<string>();
  const judge = new Set<string>();
  for (const run of normalize(question).match(/[\p{Script=Han}]+|[\p{L}\p{N}]+/gu) ?? []) {
    if (han.test(run)) {
      const chars = [...run];
      for (const p of pieces(chars, 3)) index.add(p);
      for (const p of pieces(chars, 2)) judge.add(p);
      if (chars.length === 1 && !chineseFunctionChars.has(run)) judge.add(run);
    } else if (!englishStopwords.has(run)) {
      if (run.length >= 3) index.add(run);
      judge.add(run);
    }
  }
  return { index: [...index], judge: [...judge] };
}

/** The share of `terms` found in `text` (0..1). */
export function coverage(terms: readonly string[], text: string): number {
  if (terms.length === 0) return 0;
  const haystack = normalize(text);
  return terms.filter((t) => haystack.includes(t)).length / terms.length;
}

/** The question plus the other words of every synonym group it uses. */
export function expandSynonyms(question: string, groups: readonly (readonly string[])[]): string {
  const text = normalize(question);
  const extra: string[] = [];
  for (const group of groups) {
    const words = group.map(normalize);
    if (words.some((w) => text.includes(w))) extra.push(...words.filter((w) => !text.includes(w)));
  }
  return extra.length === 0 ? question : `${question} ${extra.join(' ')}`;
}

/** An FTS5 MATCH expression: any of the terms, each quoted. */
export function matchExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
}

const han = /\p{Script=Han}/u;
const englishStopwords = new Set(
  (
    'the a an and or of to in on for with is are was were be been am do does did can could would should will i im me my ' +
    'mine you your yours it its this that these those what when where how which who whom why please pls plz tell about ' +
    'have has had there their them they our we us at by from as if so just get got need want like know any some much ' +
    'many than then too very also not dont doesnt cant isnt here hi hello thanks thank'
  ).split(' '),
);
/** Characters of Chinese function words and question words: pieces holding one carry no topic. */
const chineseFunctionChars = new Set(
  '的了吗呢吧啊呀哦我你您他她它们是在有和与及或请问怎么什哪几多少个这那就都也还要想能可以会吧嘛',
);

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Suffixes cut from English words, longest first, so "activate", "activation" and "activating" meet. */
const suffixes: [string, string][] = [
  ['ations', 'at'],
  ['ation', 'at'],
  ['ments', ''],
  ['ment', ''],
  ['ings', ''],
  ['ing', ''],
  ['ions', ''],
  ['ion', ''],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ers', ''],
  ['er', ''],
  ['es', ''],
  ['ed', ''],
  ['ly', ''],
  ['s', ''],
  ['e', ''],
];

/** A light English stem: enough for word forms to meet, never shorter than three letters. */
export function stem(word: string): string {
  const w = word.replace(/'s$|'$/, '').replaceAll("'", '');
  if (w.length <= 3 || /\d/.test(w)) return w;
  for (const [suffix, replacement] of suffixes) {
    if (!w.endsWith(suffix)) continue;
    const base = w.slice(0, w.length - suffix.length);
    if (base.length < 3 || (suffix === 's' && base.endsWith('s'))) continue;
    return base + replacement;
  }
  return w;
}

/**
 * The terms of a text, as the knowledge index keeps them: Chinese two-character pieces (most
 * Chinese words are two characters) without function characters, and English word stems
 * without stopwords. `single` receives Chinese characters standing alone ("卡").
 */
export function textTerms(text: string, term: (t: string) => void, single?: (t: string) => void): void {
  for (const run of normalize(text).match(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}'])+/gu) ?? []) {
    if (han.test(run)) {
      const chars = [...run];
      for (let i = 0; i + 2 <= chars.length; i++) {
        const a = chars[i] ?? '';
        const b = chars[i + 1] ?? '';
        if (!chineseFunctionChars.has(a) && !chineseFunctionChars.has(b)) term(a + b);
      }
      if (chars.length === 1 && !chineseFunctionChars.has(run)) single?.(run);
    } else {
      const word = run.replaceAll("'", '');
      if (word !== '' && !englishStopwords.has(word)) term(stem(run));
    }
  }
}

export interface QueryTerms {
  /** What the index is searched for: Chinese two-character pieces and English word stems. */
  terms: string[];
  /** What a passage's sentences are judged by: the terms plus Chinese characters standing alone. */
  judge: string[];
}

/** What a question searches for and what a passage must contain to answer it. */
export function queryTerms(question: string): QueryTerms {
  const terms = new Set<string>();
  const singles = new Set<string>();
  textTerms(
    question,
    (t) => terms.add(t),
    (c) => singles.add(c),
  );
  return { terms: [...terms], judge: [...terms, ...singles] };
}

/** Whether `a` becomes `b` by one edit (insert, delete, replace or swap of neighbours). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

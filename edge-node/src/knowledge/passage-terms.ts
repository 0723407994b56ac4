import { normalize } from './query-terms.js';
import { allTerms, type SynonymTerms } from './synonym-terms.js';

/** A passage's row in `kb_terms`: each field as the space-separated terms the analyzer finds. */
export interface PassageTermColumns {
  title: string;
  heading: string;
  text: string;
  /** Every Chinese character once, for questions of a single character. */
  chars: string;
  locale: string;
}

/** A locale as one index token: `zh-CN` is `~zhcn`, which no text term can be. */
export const localeToken = (locale: string) => `~${locale.toLowerCase().replace(/[^a-z0-9]/g, '')}`;

function termsOf(text: string, synonyms: SynonymTerms): string {
  const terms: string[] = [];
  allTerms(text, synonyms, (t) => terms.push(t));
  return terms.join(' ');
}

/**
 * The FTS5 columns of a passage. Terms repeat as often as the text repeats them, so BM25 sees
 * real term frequencies; titles and headings repeat across an article's passages and are cached.
 */
export function passageTermColumns(
  passage: { title: string; heading: string; text: string; locale: string },
  synonyms: SynonymTerms,
  cache: Map<string, string>,
): PassageTermColumns {
  const cached = (text: string) => {
    let terms = cache.get(text);
    if (terms === undefined) {
      terms = termsOf(text, synonyms);
      cache.set(text, terms);
    }
    return terms;
  };
  const all = `${passage.title}${passage.heading}${passage.text}`;
  return {
    title: cached(passage.title),
    heading: cached(passage.heading),
    text: termsOf(passage.text, synonyms),
    chars: [...new Set(normalize(all).match(/\p{Script=Han}/gu) ?? [])].join(' '),
    locale: localeToken(passage.locale),
  };
}

/** An FTS5 query for any of `terms` in `columns`; every term is quoted, so none is an operator. */
export function matchAny(columns: readonly string[], terms: readonly string[]): string {
  const quoted = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
  return `{${columns.join(' ')}} : (${quoted})`;
}

import { normalize, oneEditApart, textTerms } from './query-terms.js';

/** What the index keeps of a passage: the text stays in SQLite. */
export interface PassageEntry {
  id: number;
  articleId: string;
  locale: string;
  title: string;
  heading: string;
  text: string;
  validFrom: number | null;
  validUntil: number | null;
}

const han = /\p{Script=Han}/u;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Synonym groups as terms: wherever a member of group `n` is written, the text also has `~n`. */
export class SynonymTerms {
  private readonly pattern: RegExp | null;
  private readonly groupsOf = new Map<string, number[]>();

  constructor(groups: readonly (readonly string[])[]) {
    groups.forEach((group, n) => {
      for (const word of group) {
        const member = normalize(word).trim();
        if (member === '') continue;
        const list = this.groupsOf.get(member) ?? [];
        if (!list.includes(n)) list.push(n);
        this.groupsOf.set(member, list);
      }
    });
    // Chinese members match anywhere; English ones only as whole words ("pin" is not in "shopping").
    // Longest first, so "住房贷款" is found whole where "房贷" is also a member.
    const members = [...this.groupsOf.keys()]
      .sort((a, b) => b.length - a.length)
      .map((m) =>
        han.test(m)
          ? escapeRegExp(m)
          : `(?<![\\p{Script=Latin}\\p{N}])${escapeRegExp(m)}(?![\\p{Script=Latin}\\p{N}])`,
      );
    this.pattern = members.length > 0 ? new RegExp(`(${members.join('|')})`, 'gu') : null;
  }

  /** The group terms of `text`, which must be normalized. */
  terms(text: string, term: (t: string) => void): void {
    if (!this.pattern) return;
    for (const match of text.matchAll(this.pattern)) {
      for (const n of this.groupsOf.get(match[1] ?? '') ?? []) term(`~${n}`);
    }
  }
}

/** Every term of a passage or question: its own words and the synonym groups it uses. */
export function allTerms(
  text: string,
  synonyms: SynonymTerms,
  term: (t: string) => void,
  single?: (t: string) => void,
) {
  textTerms(text, term, single);
  synonyms.terms(normalize(text), term);
}

interface Posting {
  docs: Int32Array;
  /** Occurrences weighted by field: title 3, heading 2, text 1. */
  weights: Float32Array;
}

const k1 = 1.2;
const b = 0.75;

/**
 * An inverted index of the installed passages, in memory: term to passages, scored with BM25
 * over the weighted fields. Chinese is indexed as two-character pieces, which the FTS5 trigram
 * index cannot match, and scoring walks only the postings of the question's terms, so a search
 * over tens of thousands of passages takes well under a millisecond.
 */
export class PassageIndex {
  private readonly postings = new Map<string, Posting>();
  private readonly rowIds: Int32Array;
  private readonly articleIds: string[];
  private readonly locales: string[];
  private readonly validFrom: Float64Array;
  private readonly validUntil: Float64Array;
  private readonly lengths: Float32Array;
  private readonly averageLength: number;
  /** English terms, for questions with a typo ("actvate"). */
  private readonly latinTerms: string[] = [];
  private readonly scores: Float64Array;
  private readonly stamps: Int32Array;
  private stamp = 0;

  constructor(
    passages: readonly PassageEntry[],
    readonly synonyms: SynonymTerms,
  ) {
    const n = passages.length;
    this.rowIds = new Int32Array(n);
    this.articleIds = new Array<string>(n);
    this.locales = new Array<string>(n);
    this.validFrom = new Float64Array(n);
    this.validUntil = new Float64Array(n);
    this.lengths = new Float32Array(n);
    this.scores = new Float64Array(n);
    this.stamps = new Int32Array(n);
    const lists = new Map<string, { docs: number[]; weights: number[] }>();
    const termsOf = (text: string) => {
      const terms: string[] = [];
      allTerms(text, synonyms, (t) => terms.push(t));
      return terms;
    };
    const seen = new Map<string, string[]>();
    const cached = (text: string) => {
      let terms = seen.get(text);
      if (!terms) {
        terms = termsOf(text);
        seen.set(text, terms);
      }
      return terms;
    };
    passages.forEach((p, doc) => {
      this.rowIds[doc] = p.id;
      this.articleIds[doc] = p.articleId;
      this.locales[doc] = p.locale;
      this.validFrom[doc] = p.validFrom ?? Number.NEGATIVE_INFINITY;
      this.validUntil[doc] = p.validUntil ?? Number.POSITIVE_INFINITY;
      const weights = new Map<string, number>();
      let length = 0;
      const add = (terms: readonly string[], weight: number) => {
        for (const t of terms) {
          weights.set(t, (weights.get(t) ?? 0) + weight);
          length += weight;
        }
      };
      // An article's title heads each of its passages, and headings repeat: their terms are cached.
      add(cached(p.title), 3);
      add(cached(p.heading), 2);
      add(termsOf(p.text), 1);
      this.lengths[doc] = length;
      for (const [t, w] of weights) {
        let list = lists.get(t);
        if (!list) {
          list = { docs: [], weights: [] };
          lists.set(t, list);
        }
        list.docs.push(doc);
        list.weights.push(w);
      }
    });
    let total = 0;
    for (const length of this.lengths) total += length;
    this.averageLength = n === 0 ? 1 : total / n;
    for (const [t, list] of lists) {
      this.postings.set(t, { docs: Int32Array.from(list.docs), weights: Float32Array.from(list.weights) });
      if (/^[a-z]{4,}$/.test(t)) this.latinTerms.push(t);
    }
  }

  get size(): number {
    return this.rowIds.length;
  }

  /** The indexed English term one edit from `term` that most passages use, if any. */
  correct(term: string): string | undefined {
    if (term.length < 4 || !/^[a-z]+$/.test(term) || this.postings.has(term)) return undefined;
    let best: string | undefined;
    let bestCount = 0;
    for (const candidate of this.latinTerms) {
      const count = this.postings.get(candidate)?.docs.length ?? 0;
      if (count > bestCount && oneEditApart(term, candidate)) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  /** The best `limit` passages for `terms` among those `locale` and `now` allow, best first. */
  search(
    terms: readonly string[],
    options: { locale: string | null; now: number; limit: number },
  ): { rowId: number; articleId: string; score: number }[] {
    const n = this.rowIds.length;
    if (++this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.stamps.fill(0);
    }
    const touched: number[] = [];
    for (const term of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const df = posting.docs.length;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let j = 0; j < df; j++) {
        const doc = posting.docs[j] ?? 0;
        const w = posting.weights[j] ?? 0;
        const norm = k1 * (1 - b + (b * (this.lengths[doc] ?? 0)) / this.averageLength);
        const add = (idf * w * (k1 + 1)) / (w + norm);
        if (this.stamps[doc] !== this.stamp) {
          this.stamps[doc] = this.stamp;
          this.scores[doc] = add;
          touched.push(doc);
        } else {
          this.scores[doc] = (this.scores[doc] ?? 0) + add;
        }
      }
    }
    // The best `limit`, kept sorted in a short array: cheaper than sorting every touched passage.
    const best: number[] = [];
    for (const doc of touched) {
      if (options.locale !== null && this.locales[doc] !== options.locale) continue;
      if ((this.validFrom[doc] ?? 0) > options.now || (this.validUntil[doc] ?? 0) <= options.now) continue;
      const score = this.scores[doc] ?? 0;
      if (best.length === options.limit && score <= (this.scores[best[best.length - 1] ?? 0] ?? 0)) continue;
      let at = best.length;
      while (at > 0 && (this.scores[best[at - 1] ?? 0] ?? 0) < score) at--;
      best.splice(at, 0, doc);
      if (best.length > options.limit) best.pop();
    }
    return best.map((doc) => ({
      rowId: this.rowIds[doc] ?? 0,
      articleId: this.articleIds[doc] ?? '',
      score: this.scores[doc] ?? 0,
    }));
  }
}

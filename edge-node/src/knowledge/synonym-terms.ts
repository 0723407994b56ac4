import { normalize, textTerms } from './query-terms.js';

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

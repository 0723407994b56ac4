import type { ComplianceRule } from '@branchline/shared';
import { flatten } from '@branchline/shared';

export type Side = 'customer' | 'agent' | 'ai';

/** A sentence in the forms the conditions read. */
export interface SentenceForms {
  /** NFKC, as written: what patterns read. */
  text: string;
  /** See `flatten`: what phrases read. */
  flat: string;
}

/** A rule made ready to run: phrases flattened and patterns compiled once, not per sentence. */
export class CompiledRule {
  readonly #phrases: string[];
  readonly #patterns: RegExp[];
  readonly #unless: RegExp[];
  readonly #intents: ReadonlySet<string>;

  constructor(readonly rule: ComplianceRule) {
    this.#phrases = rule.phrases.map(flatten).filter((p) => p.length > 0);
    this.#patterns = rule.patterns.map((p) => new RegExp(p, 'iu'));
    this.#unless = rule.unless.map((p) => new RegExp(p, 'iu'));
    this.#intents = new Set(rule.intents);
  }

  appliesTo(side: Side): boolean {
    return this.rule.side === 'any' || this.rule.side === side;
  }

  /** The conditions that need no model: words, patterns, exceptions, intent. */
  matchesText(sentence: SentenceForms, intent: string | null | undefined): boolean {
    const worded = this.#phrases.length > 0 || this.#patterns.length > 0;
    if (
      worded &&
      !this.#phrases.some((p) => sentence.flat.includes(p)) &&
      !this.#patterns.some((p) => p.test(sentence.text))
    )
      return false;
    if (this.#intents.size > 0 && !(intent && this.#intents.has(intent))) return false;
    return !this.#unless.some((p) => p.test(sentence.text));
  }
}

import { sentencesOf } from '@branchline/shared';
import type { LoadedTaxonomy } from './taxonomy.js';

export type MentionKind = 'reason' | 'objection';

/** One reason or objection a customer gave, in their own (tokenized) sentence. */
export interface Mention {
  kind: MentionKind;
  /** Null: no theme of the taxonomy matched, only a cue; such mentions are clustered. */
  theme: string | null;
  /** The product the sentence, its turn or its conversation names; null when none did. */
  product: string | null;
  text: string;
}

export interface MinedTurn {
  mentions: Mention[];
  /** The product this turn names, to carry into the conversation's later turns. */
  product: string | null;
}

/** Long sentences are cut: an insight row quotes a reason, not a paragraph. */
const maxQuoteChars = 280;

// A clause ends at a comma or a turn in the sentence ("贵了点，但是续航很长"): each side can
// carry its own reason or objection.
const clauseBreak = /[，,、；;：:]|\b(?:but|however|although|though)\b|但是|可是|不过|就是/iu;

// Case is folded once, on the text: an `i` flag makes V8 fold Unicode case at every step of
// every pattern, ten times slower over a rebuild's million turns.
const compile = (sources: readonly string[]) => sources.map((s) => new RegExp(s, 'u'));
const anyMatch = (patterns: readonly RegExp[], text: string) => patterns.some((p) => p.test(text));
/** What patterns read: full-width forms folded, lower case, one space between words. */
const readable = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();

interface CompiledTheme {
  id: string;
  objection: RegExp[];
  reason: RegExp[];
}

/**
 * Finds the reasons customers give and the objections they raise in tokenized turns, by the
 * taxonomy's patterns, clause by clause. Pure and deterministic: the read model re-mines the
 * whole stream with it whenever the taxonomy changes, and gets the same rows every time.
 */
export class InsightMiner {
  readonly fingerprint: string;
  readonly #themes: CompiledTheme[];
  readonly #products: { id: string; keywords: RegExp[] }[];
  readonly #cues: Record<MentionKind, RegExp[]>;

  constructor(loaded: LoadedTaxonomy) {
    const { taxonomy } = loaded;
    this.fingerprint = loaded.fingerprint;
    this.#themes = taxonomy.themes.map((t) => ({
      id: t.id,
      objection: compile(t.objection),
      reason: compile(t.reason),
    }));
    this.#products = taxonomy.products.map((p) => ({ id: p.id, keywords: compile(p.keywords) }));
    this.#cues = { reason: compile(taxonomy.cues.reason), objection: compile(taxonomy.cues.objection) };
  }

  productOf(text: string): string | null {
    const form = readable(text);
    return this.#products.find((p) => anyMatch(p.keywords, form))?.id ?? null;
  }

  /**
   * `conversationProduct`: what earlier turns named, for sentences that name none; a function is
   * called only when such a sentence gives a reason or objection (most turns need no lookup).
   */
  mine(text: string, conversationProduct: string | null | (() => string | null) = null): MinedTurn {
    const turnProduct = this.productOf(text);
    const fallback = () =>
      turnProduct ??
      (typeof conversationProduct === 'function' ? conversationProduct() : conversationProduct);
    const mentions: Mention[] = [];
    const seen = new Set<string>();
    for (const sentence of sentencesOf(text)) {
      // Quoted as the customer wrote it; only matching reads the folded form.
      const quote = sentence.replace(/\s+/gu, ' ').trim().slice(0, maxQuoteChars);
      let product: string | null | undefined;
      const productHere = () => {
        if (product === undefined) product = this.productOf(sentence) ?? fallback();
        return product;
      };
      let themed = false;
      let cue: MentionKind | null = null;
      for (const clause of readable(sentence).split(clauseBreak)) {
        if (!clause || clause.trim().length < 2) continue;
        for (const theme of this.#themes) {
          const kind = anyMatch(theme.objection, clause)
            ? 'objection'
            : anyMatch(theme.reason, clause)
              ? 'reason'
              : null;
          if (!kind) continue;
          themed = true;
          const key = `${theme.id}|${kind}`;
          if (seen.has(key)) continue;
          seen.add(key);
          mentions.push({ kind, theme: theme.id, product: productHere(), text: quote });
        }
        cue ??= anyMatch(this.#cues.objection, clause)
          ? 'objection'
          : anyMatch(this.#cues.reason, clause)
            ? 'reason'
            : null;
      }
      if (!themed && cue) mentions.push({ kind: cue, theme: null, product: productHere(), text: quote });
    }
    return { mentions, product: turnProduct };
  }
}

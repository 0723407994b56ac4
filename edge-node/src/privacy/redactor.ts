import type { EntitySpan } from '@branchline/shared';
import { detectByRules } from './detectors/index.js';
import { knownValueSpans } from './known-values.js';
import { mergeSpans } from './merge-spans.js';
import { taggerSpans } from './tagger-spans.js';
import type { PiiKind, PiiSpan } from './types.js';
import type { Vault } from './vault.js';

export interface RedactRequest {
  conversationId: string;
  customerRef: string | null;
  text: string;
  /** Values known to be personal in this text (customer profile, tool output). */
  known?: readonly { kind: PiiKind; value: string }[];
  /**
   * Tokens this conversation already holds that the writer may use as written: an agent who sees
   * only tokens answers with them. Any other bracketed text is neutralized as usual.
   */
  keepTokens?: ReadonlySet<string>;
}

export interface Redaction {
  text: string;
  /** What was replaced, without the values: safe for logs and events. */
  found: { kind: PiiKind; source: string; token: string }[];
}

/**
 * Finds personal data (checked rules, context cues, the local tagger, known values) and swaps
 * each value for the conversation's token, storing the original in the vault. The tagger is
 * optional: without a model the rules still run, and the edge reports that names and addresses
 * rest on cues alone.
 */
export class Redactor {
  constructor(
    private readonly vault: Vault,
    private readonly tagger?: (text: string) => Promise<EntitySpan[]>,
    /** How vault writes reach the disk; the edge shares commits between concurrent turns. */
    private readonly write: <T>(work: () => T) => Promise<T> = async (work) => work(),
  ) {}

  async detect(text: string, known: RedactRequest['known'] = [], useTagger = true): Promise<PiiSpan[]> {
    const entities = this.tagger && useTagger ? await this.tagger(text) : [];
    return mergeSpans(text, [
      ...knownValueSpans(text, known),
      ...detectByRules(text),
      ...taggerSpans(text, entities),
    ]);
  }

  /**
   * The text as it will be stored (typed token brackets neutralized, the conversation's own tokens
   * kept where allowed) and the personal values in it, none of them inside a kept token.
   */
  async #find(
    request: RedactRequest,
    options: { tagger?: boolean },
  ): Promise<{ text: string; spans: PiiSpan[] }> {
    // Customers cannot forge tokens: the token brackets are not allowed through as typed, except
    // in the conversation's own tokens when the caller allows them.
    const kept: { start: number; end: number }[] = [];
    const text = request.text.replace(/⟦[A-Z_]+_\d+⟧|[⟦⟧]/gu, (match, offset: number) => {
      if (match.length > 1 && request.keepTokens?.has(match)) {
        kept.push({ start: offset, end: offset + match.length });
        return match;
      }
      return match.replace(/[⟦⟧]/gu, (c) => (c === '⟦' ? '[' : ']'));
    });
    const spans = await this.detect(text, request.known, options.tagger ?? true);
    return { text, spans: kept.length === 0 ? spans : outside(text, spans, kept) };
  }

  /**
   * The text with each personal value replaced by `placeholder`, and nothing written to the vault:
   * for a writer who must not learn whether a value they typed is one the conversation holds (a
   * central agent sees tokens only; a guessed number must not come back as `⟦PHONE_1⟧`).
   */
  async mask(request: RedactRequest, placeholder = '[…]'): Promise<string> {
    const { text, spans } = await this.#find(request, {});
    let out = '';
    let at = 0;
    for (const span of spans) {
      out += text.slice(at, span.start) + placeholder;
      at = span.end;
    }
    return out + text.slice(at);
  }

  /**
   * Finds what to replace (the slow, asynchronous part) and returns the synchronous rest, which
   * writes the vault, so a caller can put it in the same commit as its own write; and the text
   * with the values left out, which is what the local models read.
   */
  async prepare(
    request: RedactRequest,
    options: { tagger?: boolean } = {},
  ): Promise<{ apply: () => Redaction; withoutValues: string }> {
    const { text, spans } = await this.#find(request, options);
    let withoutValues = '';
    let from = 0;
    for (const span of spans) {
      withoutValues += `${text.slice(from, span.start)} `;
      from = span.end;
    }
    withoutValues += text.slice(from);
    const apply = () => {
      const tokens = this.vault.tokensFor(request.conversationId, spans, request.customerRef);
      const found: Redaction['found'] = [];
      let out = '';
      let at = 0;
      for (const [i, span] of spans.entries()) {
        const token = tokens[i] ?? '';
        found.push({ kind: span.kind, source: span.source, token });
        out += text.slice(at, span.start) + token;
        at = span.end;
      }
      return { text: out + text.slice(at), found };
    };
    return { apply, withoutValues };
  }

  /**
   * `tagger: false` for text the edge wrote itself (a tool's reply), whose personal data is
   * declared in `known`; rules still run over it.
   */
  async redact(request: RedactRequest, options: { tagger?: boolean } = {}): Promise<Redaction> {
    const { apply } = await this.prepare(request, options);
    return this.write(apply);
  }
}

/** The parts of each span outside the kept ranges (a tagger span may run into a kept token). */
function outside(
  text: string,
  spans: readonly PiiSpan[],
  kept: readonly { start: number; end: number }[],
): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const span of spans) {
    let pieces = [{ start: span.start, end: span.end }];
    for (const k of kept)
      pieces = pieces.flatMap((p) =>
        p.end <= k.start || k.end <= p.start
          ? [p]
          : [
              { start: p.start, end: Math.max(p.start, k.start) },
              { start: Math.min(p.end, k.end), end: p.end },
            ],
      );
    for (const piece of pieces) {
      const value = text.slice(piece.start, piece.end);
      const trimmed = value.trim();
      if (trimmed.length < 2) continue;
      const start = piece.start + value.indexOf(trimmed);
      out.push({ ...span, start, end: start + trimmed.length, value: trimmed });
    }
  }
  return out;
}

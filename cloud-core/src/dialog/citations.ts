import type { DialogAnswer, DialogPassage } from './types.js';

/**
 * The model marks each passage it uses as `[KB:<articleId>]` (the prompt asks for ASCII
 * brackets; full-width ones slip in around Chinese text, so they count too).
 */
const MARKER = /\s*[[［【]\s*KB\s*[:：]\s*([^\]］】\s]+)\s*[\]］】]/g;
// What the start of an unfinished marker can look like, bounded so a stray `[` is not held forever.
const MARKER_PREFIX = /[[［【]\s*(?:K(?:B(?:\s*[:：][^\]］】]{0,120})?)?)?$/;

export interface CitedText {
  /** The text with every marker removed: the customer reads prose, not our article ids. */
  text: string;
  /** Passages that exist and were cited, in order of first use. */
  citations: DialogAnswer['citations'];
  /** Cited ids with no such passage: the model made them up or mistyped them. */
  unknownIds: string[];
}

export function extractCitations(text: string, passages: readonly DialogPassage[]): CitedText {
  const byId = new Map(passages.map((p) => [p.articleId, p]));
  const seen = new Set<string>();
  const citations: DialogAnswer['citations'] = [];
  const unknownIds: string[] = [];
  for (const match of text.matchAll(MARKER)) {
    const id = match[1] ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    const passage = byId.get(id);
    if (passage) citations.push({ articleId: id, title: passage.title });
    else unknownIds.push(id);
  }
  return { text: text.replace(MARKER, '').trim(), citations, unknownIds };
}

/**
 * Removes markers from streamed deltas, so what streams matches the final text. A marker
 * can be split across deltas, so text that may start one is held until it is decided.
 */
export class MarkerFilter {
  #held = '';

  constructor(private readonly emit: (text: string) => void) {}

  push(delta: string): void {
    const text = (this.#held + delta).replace(MARKER, '');
    const start = text.search(MARKER_PREFIX);
    const out = start < 0 ? text : text.slice(0, start);
    this.#held = start < 0 ? '' : text.slice(start);
    if (out) this.emit(out);
  }

  /** Sends what is held: at the end of a message it can no longer become a marker. */
  flush(): void {
    if (this.#held) this.emit(this.#held);
    this.#held = '';
  }
}

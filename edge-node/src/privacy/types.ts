/**
 * Kinds of personal data the edge detects. Rule-based kinds are found by patterns with checks
 * (checksums, Luhn, phone metadata) and must never be missed; model kinds come from the local
 * tagger plus context rules and are measured by recall.
 */
export const piiKinds = ['phone', 'id_number', 'bank_card', 'email', 'name', 'address'] as const;
export type PiiKind = (typeof piiKinds)[number];

export const ruleBasedKinds: readonly PiiKind[] = ['phone', 'id_number', 'bank_card', 'email'];

/** A detected value: offsets are UTF-16 indices into the text (`text.slice(start, end)`). */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
  /** Which detector found it, for logs and recall reports (`rule:phone`, `tagger`, `cue:name`). */
  source: string;
}

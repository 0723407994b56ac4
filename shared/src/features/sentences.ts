/**
 * A message cut into sentences, the unit a compliance hit quotes: an alert shows the sentence that
 * broke the rule, not a whole paragraph. Decimal points ("8.5%") and abbreviations without a
 * following space do not end a sentence.
 */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[。！？!?；;\n])|(?<=\.)(?=\s)/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** What phrases are matched against: full-width forms folded, lower case, no spaces. */
export function flatten(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

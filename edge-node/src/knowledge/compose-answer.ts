import type { KnowledgeHit } from './knowledge-base.js';
import { queryTerms } from './query-terms.js';

export interface LocalAnswer {
  text: string;
  citation: { id: string; title: string };
}

const sentenceEnd = /(?<=[。！？；!?;])|(?<=\.)\s+|\n+/u;

/**
 * An answer made only of the passage's own sentences, the ones that share most with the
 * question, in the passage's order, cited. Nothing is paraphrased, so nothing can be invented;
 * when the best passage does not cover enough of the question, there is no local answer.
 */
export function composeAnswer(
  question: string,
  hits: KnowledgeHit[],
  minCoverage = 0.5,
): LocalAnswer | undefined {
  const best = hits[0];
  if (!best || best.coverage < minCoverage) return undefined;
  const wanted = queryTerms(question).judge;
  const sentences = best.text
    .split(sentenceEnd)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const scored = sentences.map((sentence, index) => {
    const lower = sentence.normalize('NFKC').toLowerCase();
    return { sentence, index, score: wanted.filter((t) => lower.includes(t)).length };
  });
  const chosen = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, 2)
    .sort((a, b) => a.index - b.index);
  // The question matched the title or heading only: the passage's opening is its answer.
  const picked = chosen.length > 0 ? chosen.map((c) => c.sentence) : sentences.slice(0, 2);
  if (picked.length === 0) return undefined;
  const joiner = /\p{Script=Han}/u.test(best.text) ? '' : ' ';
  return { text: picked.join(joiner), citation: { id: best.articleId, title: best.title } };
}

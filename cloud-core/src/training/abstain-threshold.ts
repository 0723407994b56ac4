import { percentile } from './metrics.js';

export interface ScoredDevRow {
  confidence: number;
  /** Whether the top label was right; undefined for out-of-scope rows. */
  correct?: boolean;
  outOfScope: boolean;
}

/**
 * The confidence under which the model abstains. With out-of-scope rows in dev data: the
 * threshold that maximizes the mean of in-scope accuracy (abstaining counts as wrong) and
 * out-of-scope recall. Without them: the 5th percentile of in-scope confidences, so about 5% of
 * in-scope turns would abstain.
 */
export function chooseAbstainThreshold(rows: ScoredDevRow[]): number {
  const inScope = rows.filter((r) => !r.outOfScope);
  const oos = rows.filter((r) => r.outOfScope);
  if (inScope.length === 0) return 0;
  if (oos.length === 0)
    return percentile(
      inScope.map((r) => r.confidence).sort((a, b) => a - b),
      5,
    );
  let best = { threshold: 0, score: -1 };
  for (let step = 0; step <= 100; step++) {
    const threshold = step / 100;
    const accuracy = inScope.filter((r) => r.correct && r.confidence >= threshold).length / inScope.length;
    const recall = oos.filter((r) => r.confidence < threshold).length / oos.length;
    const score = (accuracy + recall) / 2;
    if (score > best.score) best = { threshold, score };
  }
  return best.threshold;
}

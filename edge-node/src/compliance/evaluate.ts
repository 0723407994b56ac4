import { readFileSync } from 'node:fs';
import { type ComplianceCategory, complianceCategories } from '@branchline/shared';
import { z } from 'zod';
import type { ComplianceEngine, ComplianceInput } from './compliance-engine.js';

const labelledSchema = z.object({
  text: z.string().min(1),
  lang: z.enum(['zh', 'en']),
  side: z.enum(['customer', 'agent', 'ai']),
  labels: z.array(z.enum(complianceCategories)),
});
export type LabelledSentence = z.infer<typeof labelledSchema>;

/** A labelled set (JSON lines); a bad line is an error naming the file and line, not a skipped row. */
export function readLabelled(path: string): LabelledSentence[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = labelledSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface CategoryScore {
  positives: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ComplianceEvaluation {
  sentences: number;
  byCategory: Partial<Record<ComplianceCategory, CategoryScore>>;
  /** Clean sentences that raised any alert. */
  falseAlarmRate: number;
  /** Sentences the engine got wrong, for whoever tunes the rules. */
  errors: { text: string; side: string; expected: string[]; got: string[] }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** Precision and recall per category of the engine's hits against the labels. */
export async function evaluateCompliance(
  engine: ComplianceEngine,
  sentences: readonly LabelledSentence[],
  classify?: ComplianceInput['classify'],
): Promise<ComplianceEvaluation> {
  const tally = new Map<ComplianceCategory, { positives: number; tp: number; fp: number }>();
  const errors: ComplianceEvaluation['errors'] = [];
  let clean = 0;
  let falseAlarms = 0;
  for (const s of sentences) {
    const hits = await engine.check({ text: s.text, side: s.side, ...(classify ? { classify } : {}) });
    const got = [...new Set(hits.map((h) => h.category))];
    for (const category of new Set<ComplianceCategory>([...s.labels, ...got])) {
      const t = tally.get(category) ?? { positives: 0, tp: 0, fp: 0 };
      const expected = s.labels.includes(category);
      if (expected) t.positives++;
      if (got.includes(category)) expected ? t.tp++ : t.fp++;
      tally.set(category, t);
    }
    if (s.labels.length === 0) {
      clean++;
      if (got.length > 0) falseAlarms++;
    }
    const wrong = got.length !== s.labels.length || got.some((c) => !s.labels.includes(c));
    if (wrong) errors.push({ text: s.text, side: s.side, expected: s.labels, got });
  }
  const byCategory: ComplianceEvaluation['byCategory'] = {};
  for (const [category, t] of tally) {
    const precision = ratio(t.tp, t.tp + t.fp);
    const recall = ratio(t.tp, t.positives);
    byCategory[category] = {
      positives: t.positives,
      truePositives: t.tp,
      falsePositives: t.fp,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    };
  }
  return {
    sentences: sentences.length,
    byCategory,
    falseAlarmRate: clean === 0 ? 0 : falseAlarms / clean,
    errors,
  };
}

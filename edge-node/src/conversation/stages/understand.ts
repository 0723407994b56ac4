import type { Classification } from '@branchline/shared';
import { tokenPattern } from '../../privacy/vault.js';
import type { Understanding } from '../types.js';
import { detectHesitation } from './hesitation.js';

export type Classify = (task: string, text: string) => Promise<Classification>;

async function tryClassify(
  classify: Classify,
  task: string,
  text: string,
): Promise<Classification | undefined> {
  try {
    return await classify(task, text);
  } catch {
    // A missing model is a degraded edge, not a failed turn: the flag says so and routing copes.
    return undefined;
  }
}

const clauseBreak = /[，。！？；,.!?;]+/u;
const smallTalk = new Set(['greeting', 'thanks_goodbye']);

/**
 * The turn's intent. Customers often greet and ask in one message ("你好，我是…，我的订单到哪了"),
 * which blurs a bag-of-n-grams model; when the whole text is not clear enough, the clearest
 * clause that asks for something (not small talk) speaks for the turn.
 */
async function intentOf(
  classify: Classify,
  text: string,
  minConfidence: number,
): Promise<Classification | undefined> {
  const whole = await tryClassify(classify, 'intent', text);
  if (!whole || whole.confidence >= minConfidence) return whole;
  const clauses = text.split(clauseBreak).filter((c) => c.trim().length >= 2);
  if (clauses.length < 2) return whole;
  let best = whole;
  for (const clause of clauses) {
    const found = await tryClassify(classify, 'intent', clause);
    if (found && !smallTalk.has(found.label) && found.confidence > best.confidence) best = found;
  }
  return best;
}

/** Tokenized text as the models read it: the tokens left out. */
export function withoutTokens(tokenized: string): string {
  return tokenized.replace(tokenPattern, ' ');
}

/**
 * Intent, sentiment and compliance from the local models, on text with the personal values left
 * out: the models never saw `⟦NAME_1⟧` in training, and who or where says nothing about why.
 */
export async function understand(
  withoutValues: string,
  classify: Classify,
  minConfidence: number,
): Promise<Understanding> {
  const text = withoutValues.replace(/\s{2,}/gu, ' ');
  const [intent, sentiment, compliance, hesitant] = await Promise.all([
    intentOf(classify, text, minConfidence),
    tryClassify(classify, 'sentiment', text),
    tryClassify(classify, 'compliance', text),
    // Optional: an edge without the model still hears the plain cues.
    tryClassify(classify, 'hesitation', text),
  ]);
  const flags: string[] = [];
  if (!intent || !sentiment || !compliance) flags.push('models_unavailable');
  const negative = sentiment?.score('negative') ?? 0;
  if (sentiment?.label === 'negative') flags.push('negative_sentiment');
  if (compliance && compliance.label !== 'ok') flags.push('compliance');
  if (intent && intent.confidence < minConfidence) flags.push('low_confidence');
  const hesitation = detectHesitation(text, hesitant);
  if (hesitation) flags.push('hesitation');
  return {
    intent: intent?.label ?? null,
    confidence: intent?.confidence ?? 0,
    sentiment: { label: sentiment?.label ?? null, negative },
    flags,
    ...(hesitation ? { hesitation } : {}),
  };
}

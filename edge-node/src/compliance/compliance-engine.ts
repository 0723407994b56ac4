import type { Classification, ComplianceRule } from '@branchline/shared';
import { flatten, sentencesOf } from '@branchline/shared';
import { tokenPattern } from '../privacy/vault.js';
import { CompiledRule, type Side } from './compiled-rule.js';

export interface ComplianceHit {
  ruleId: string;
  category: ComplianceRule['category'];
  severity: ComplianceRule['severity'];
  side: Side;
  action: ComplianceRule['action'];
  /** The sentence that broke the rule, tokenized like everything the edge keeps. */
  sentence: string;
}

export interface ComplianceInput {
  /** Tokenized text. */
  text: string;
  side: Side;
  /** The turn's intent, for rules with `intents`. */
  intent?: string | null;
  /** The local models, for rules with a model condition; without it those rules do not hit. */
  classify?: (task: string, text: string) => Promise<Classification>;
}

/**
 * Checks each sentence of a message against the rules for its side. At most one hit per rule per
 * message (the first sentence that breaks it), so one long promise is one alert, not five.
 */
export class ComplianceEngine {
  readonly #rules: CompiledRule[];

  constructor(rules: readonly ComplianceRule[]) {
    this.#rules = rules.map((r) => new CompiledRule(r));
  }

  get size(): number {
    return this.#rules.length;
  }

  async check(input: ComplianceInput): Promise<ComplianceHit[]> {
    const rules = this.#rules.filter((r) => r.appliesTo(input.side));
    if (rules.length === 0) return [];
    const hits: ComplianceHit[] = [];
    const hitRules = new Set<string>();
    for (const sentence of sentencesOf(input.text)) {
      // Words and patterns read the tokens too (`⟦NAME_2⟧的余额`: someone's balance); the models
      // never saw a token in training, so they read the sentence without them.
      const text = sentence.normalize('NFKC');
      const plain = sentence.replace(tokenPattern, ' ');
      const forms = { text, flat: flatten(sentence) };
      const scores = new Map<string, Promise<Classification | undefined>>();
      for (const compiled of rules) {
        const { rule } = compiled;
        if (hitRules.has(rule.id) || !compiled.matchesText(forms, input.intent)) continue;
        if (rule.model) {
          const { task, label, minScore } = rule.model;
          if (!input.classify) continue;
          const classify = input.classify;
          if (!scores.has(task))
            scores.set(
              task,
              classify(task, plain).catch(() => undefined),
            );
          const classification = await scores.get(task);
          if (!classification || classification.score(label) < minScore) continue;
        }
        hitRules.add(rule.id);
        hits.push({
          ruleId: rule.id,
          category: rule.category,
          severity: rule.severity,
          side: input.side,
          action: rule.action,
          sentence,
        });
      }
    }
    return hits;
  }
}

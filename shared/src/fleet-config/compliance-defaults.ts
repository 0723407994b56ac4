import { pressureExceptions, pressurePatterns } from './compliance-rules/collection-pressure.js';
import {
  guaranteeExceptions,
  guaranteePatterns,
  guaranteeWords,
} from './compliance-rules/guaranteed-returns.js';
import { regulatorThreat } from './compliance-rules/regulator-threat.js';
import { thirdPartyExceptions, thirdPartyPatterns } from './compliance-rules/third-party-data.js';
import {
  type ComplianceRule,
  type ComplianceRuleInput,
  complianceRuleSchema,
  type Industry,
} from './config-bundle.js';

/*
 * The rules every edge starts from, per industry; a bundle adds its own or replaces one by id.
 * Words are kept broad and exceptions (`unless`) catch the lawful uses of the same words: a risk
 * warning says "不保本", a polite reminder says "we will not contact your employer".
 */

/**
 * What agents and the AI must not say is the same; an agent's words raise an alert (a person
 * answers for them), the AI's are stopped before the customer reads them.
 */
function agentsAndAi(
  id: string,
  category: ComplianceRuleInput['category'],
  words: Pick<ComplianceRuleInput, 'phrases' | 'patterns' | 'unless'>,
): ComplianceRuleInput[] {
  const rule = { category, severity: 'high' as const, ...words };
  return [
    { ...rule, id: `${id}.agent`, side: 'agent' },
    { ...rule, id: `${id}.ai`, side: 'ai', action: 'block' },
  ];
}

/** The local model that reads a sentence for the four categories (or `none`). */
export const complianceCategoryTask = 'compliance-category';

/**
 * The category model hears what the words above miss: a promise made by metaphor ("只会多不会少"),
 * a threat without a threatening word. Its rules keep the same exceptions as the words' rules,
 * and only alert: a statistical guess does not stop a reply. An edge without the model loads
 * these rules and they never hit.
 */
function modelRules(
  id: string,
  category: ComplianceRuleInput['category'],
  sides: readonly ('customer' | 'agent' | 'ai')[],
  minScore: number,
  unless: readonly string[],
): ComplianceRuleInput[] {
  return sides.map((side) => ({
    id: `${id}.model.${side}`,
    category,
    side,
    severity: 'medium' as const,
    model: { task: complianceCategoryTask, label: category, minScore },
    unless: [...unless],
  }));
}

const packs = {
  regulator: [
    regulatorThreat,
    ...modelRules('regulator-threat', 'regulator_threat', ['customer'], 0.7, regulatorThreat.unless ?? []),
  ],
  returns: [
    ...agentsAndAi('guaranteed-returns', 'guaranteed_returns', {
      phrases: guaranteeWords,
      patterns: guaranteePatterns,
      unless: guaranteeExceptions,
    }),
    ...modelRules('guaranteed-returns', 'guaranteed_returns', ['agent', 'ai'], 0.7, guaranteeExceptions),
  ],
  collection: [
    ...agentsAndAi('collection-pressure', 'collection_pressure', {
      patterns: pressurePatterns,
      unless: pressureExceptions,
    }),
    ...modelRules('collection-pressure', 'collection_pressure', ['agent'], 0.7, pressureExceptions),
  ],
  privacy: [
    ...agentsAndAi('third-party-data', 'third_party_data', {
      patterns: thirdPartyPatterns,
      unless: thirdPartyExceptions,
    }),
    ...modelRules('third-party-data', 'third_party_data', ['agent', 'ai'], 0.7, thirdPartyExceptions),
  ],
};

const byIndustry: Record<Industry | 'any', (keyof typeof packs)[]> = {
  // Deposits, wealth products, loans and their collection.
  bank: ['regulator', 'returns', 'collection', 'privacy'],
  // Bills in arrears are collected too; nothing is sold as an investment.
  utility: ['regulator', 'collection', 'privacy'],
  // Car finance is a loan and is sold, and collected.
  auto: ['regulator', 'returns', 'collection', 'privacy'],
  retail: ['regulator', 'privacy'],
  // An edge that names no industry gets every rule: the safe side.
  any: ['regulator', 'returns', 'collection', 'privacy'],
};

/** The default rules for an industry (all of them when none is given), validated like a bundle's. */
export function defaultComplianceRules(industry?: Industry): ComplianceRule[] {
  return byIndustry[industry ?? 'any'].flatMap((pack) =>
    packs[pack].map((r) => complianceRuleSchema.parse(r)),
  );
}

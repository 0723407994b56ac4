export { activeComplianceEngine } from './active-rules.js';
export type { Side } from './compiled-rule.js';
export { ComplianceEngine, type ComplianceHit, type ComplianceInput } from './compliance-engine.js';
export {
  type CategoryScore,
  type ComplianceEvaluation,
  evaluateCompliance,
  type LabelledSentence,
  readLabelled,
} from './evaluate.js';
export { safeReply } from './safe-replies.js';

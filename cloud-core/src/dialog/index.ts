export {
  type AnswerCheckFailure,
  type AnswerCheckResult,
  checkAnswer,
  extractFacts,
  splitSentences,
} from './answer-check.js';
export { extractCitations } from './citations.js';
export { type AnthropicEnv, createAnthropicClient } from './client.js';
export { type DialogServiceDeps, dialogService } from './dialog-service.js';
export type { HandoffReason } from './handoff.js';
export { answerOffline } from './offline-responder.js';
export { DEFAULT_DIALOG_MODEL, type DialogOptions, runDialog } from './run-dialog.js';
export { STABLE_SYSTEM_PROMPT } from './system-prompt.js';
export { finalAnswerOf, turnFromStart } from './turn-start.js';
export type * from './types.js';
export { publishDialogUsage } from './usage-events.js';
export { type EdgeUsage, estimateCostUsd, UsageMeter } from './usage-meter.js';

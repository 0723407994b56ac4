import Anthropic from '@anthropic-ai/sdk';
import type { DialogAnswer, DialogUsage } from './types.js';

/**
 * Why an answer must not reach the customer. The edge hands any of them to a person; the
 * reason is for metrics and logs.
 */
export type HandoffReason =
  | 'answer_check_failed'
  | 'deadline_exceeded'
  | 'cancelled'
  | 'llm_unavailable'
  | 'tool_rounds_exceeded'
  | 'answer_truncated'
  | 'model_refused'
  | 'empty_answer'
  | 'no_customer_message'
  | 'offline_no_passage';

export const emptyUsage = (): DialogUsage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
});

export function handoff(reason: HandoffReason, usage: DialogUsage, offline = false): DialogAnswer {
  return { text: '', citations: [], handoffReason: reason, offline, usage };
}

/** What may be logged about a failed call: its class, status and request id, never its text. */
export function describeFailure(error: unknown): Record<string, unknown> {
  const errorClass = error instanceof Error ? error.constructor.name : typeof error;
  if (error instanceof Anthropic.APIError) {
    return { errorClass, status: error.status, errorType: error.type, requestId: error.requestID };
  }
  return { errorClass };
}

/** Our own mistakes (a bad request, a bad key) deserve an error log; outages only a warning. */
export function isOurFault(error: unknown): boolean {
  return (
    error instanceof Anthropic.BadRequestError ||
    error instanceof Anthropic.AuthenticationError ||
    error instanceof Anthropic.PermissionDeniedError ||
    error instanceof Anthropic.NotFoundError ||
    !(error instanceof Anthropic.AnthropicError)
  );
}

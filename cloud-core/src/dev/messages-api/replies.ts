import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { ApiErrorType, CutReply, ErrorReply, MessageReply } from './types.js';
import { newId } from './wire.js';

interface Timing {
  /** Simulated model latency before each delta, in ms. */
  delayMs?: number;
}

const DEFAULT_TYPES: Record<number, ApiErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

// The wording the real API uses for these, so log lines in tests look familiar.
const DEFAULT_MESSAGES: Partial<Record<ApiErrorType, string>> = {
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  authentication_error: 'invalid x-api-key',
};

const textBlock = (text: string | string[]) => {
  const chunks = typeof text === 'string' ? [text] : text;
  return { type: 'text' as const, text: chunks.join(''), chunks };
};

/** Builders for scripted replies; plain objects of the same types work too. */
export const reply = {
  /** A text answer; an array gives the streamed deltas one by one. */
  text(text: string | string[], options: Timing & { stopReason?: StopReason } = {}): MessageReply {
    const { delayMs = 0, stopReason = 'end_turn' } = options;
    return { kind: 'message', content: [textBlock(text)], stopReason, delayMs };
  },

  /** One tool call, optionally after some text, ending the turn with `tool_use`. */
  toolUse(
    name: string,
    input: Record<string, unknown>,
    options: Timing & { id?: string; text?: string | string[] } = {},
  ): MessageReply {
    const { delayMs = 0, id = newId('toolu_01'), text } = options;
    const call = { type: 'tool_use' as const, id, name, input };
    const content = text === undefined ? [call] : [textBlock(text), call];
    return { kind: 'message', content, stopReason: 'tool_use', delayMs };
  },

  error(status: number, options: Partial<Omit<ErrorReply, 'kind' | 'status'>> = {}): ErrorReply {
    const type = options.type ?? DEFAULT_TYPES[status] ?? 'api_error';
    return { kind: 'error', status, type, message: DEFAULT_MESSAGES[type] ?? type, ...options };
  },

  rateLimited(retryAfterSeconds: number): ErrorReply {
    return reply.error(429, { retryAfterSeconds });
  },

  overloaded(): ErrorReply {
    return reply.error(529);
  },

  /** `message` streamed up to `afterEvents` SSE events, then broken (see CutReply). */
  cut(afterEvents: number, message: MessageReply, error?: ApiErrorType): CutReply {
    return { kind: 'cut', afterEvents, message, ...(error ? { error } : {}) };
  },
};

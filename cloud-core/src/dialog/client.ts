import Anthropic from '@anthropic-ai/sdk';
import { BranchlineError } from '@branchline/shared';

export interface AnthropicEnv {
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_BASE_URL?: string | undefined;
}

// The SDK retries 408/409/429/5xx/529 with backoff and honours retry-after; the dialog's
// own deadline bounds the total, so a few retries are affordable.
const MAX_RETRIES = 3;
// One attempt may not eat a whole turn; the turn's deadline is usually shorter still.
const DEFAULT_TIMEOUT_MS = 60_000;

/** The Claude client, or undefined when no key is configured (the offline responder then answers). */
export function createAnthropicClient(
  env: AnthropicEnv,
  options: { timeoutMs?: number } = {},
): Anthropic | undefined {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return undefined;
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || undefined;
  if (baseURL !== undefined && !URL.canParse(baseURL)) {
    throw new BranchlineError('invalid_argument', 'ANTHROPIC_BASE_URL is not a URL');
  }
  return new Anthropic({
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    maxRetries: MAX_RETRIES,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}

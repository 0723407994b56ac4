import Anthropic from '@anthropic-ai/sdk';
import { BranchlineError } from '@branchline/shared';
import { describe, expect, it } from 'vitest';
import { createAnthropicClient } from './client.js';

describe('createAnthropicClient', () => {
  it('gives no client without a key, so the offline responder answers', () => {
    expect(createAnthropicClient({})).toBeUndefined();
    expect(createAnthropicClient({ ANTHROPIC_API_KEY: '  ' })).toBeUndefined();
  });

  it('configures retries, a timeout and an optional base URL', () => {
    const client = createAnthropicClient({
      ANTHROPIC_API_KEY: 'k',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(client).toBeInstanceOf(Anthropic);
    expect(client).toMatchObject({ maxRetries: 3, timeout: 60_000, baseURL: 'http://127.0.0.1:9' });
  });

  it('refuses a base URL that is not one', () => {
    expect(() => createAnthropicClient({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'not a url' })).toThrow(
      BranchlineError,
    );
  });
});

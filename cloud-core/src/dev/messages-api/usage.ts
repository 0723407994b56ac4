import type { MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { ScriptedBlock } from './types.js';

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Roughly Claude's tokenizer: ~4 ASCII characters per token, about one token per CJK
 * character, so Chinese prompts are not counted as four times cheaper than they are.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if ((ch.codePointAt(0) ?? 0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

export function outputTokens(content: ScriptedBlock[]): number {
  const text = content.map((b) => (b.type === 'text' ? b.text : b.name + JSON.stringify(b.input)));
  return Math.max(1, estimateTokens(text.join('')));
}

const hasCacheControl = (value: unknown) =>
  typeof value === 'object' && value !== null && 'cache_control' in value && value.cache_control != null;

/** The prompt in the order the API caches it: tools, then system, then message blocks. */
function flatPrompt(body: MessageCreateParamsBase): unknown[] {
  const system = typeof body.system === 'string' ? [body.system] : (body.system ?? []);
  const blocks = (body.messages ?? []).flatMap((m): unknown[] =>
    typeof m.content === 'string' ? [m] : m.content,
  );
  return [...(body.tools ?? []), ...system, ...blocks];
}

/**
 * A prompt cache with the API's observable behaviour: each `cache_control` breakpoint
 * caches the prefix up to it; a later request reads the longest prefix already written and
 * writes the rest. There is no minimum cacheable length here, unlike the real API.
 */
export class PromptCache {
  readonly #written = new Set<string>();

  account(body: MessageCreateParamsBase): InputUsage {
    const pieces = flatPrompt(body);
    const prefixes: { key: string; tokens: number }[] = [];
    let total = 0;
    pieces.forEach((piece, i) => {
      total += estimateTokens(JSON.stringify(piece));
      // Top-level `cache_control` marks the last cacheable block for the caller.
      const breakpoint = hasCacheControl(piece) || (i === pieces.length - 1 && body.cache_control != null);
      // The key is the serialized prefix itself: fine for test-sized prompts.
      if (breakpoint)
        prefixes.push({ key: body.model + JSON.stringify(pieces.slice(0, i + 1)), tokens: total });
    });
    const cached = prefixes.at(-1)?.tokens ?? 0;
    const read = prefixes.filter((p) => this.#written.has(p.key)).at(-1)?.tokens ?? 0;
    for (const p of prefixes) this.#written.add(p.key);
    return {
      input_tokens: total - cached,
      cache_creation_input_tokens: cached - read,
      cache_read_input_tokens: read,
    };
  }
}

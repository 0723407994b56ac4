import { randomInt } from 'node:crypto';
import type { ContentBlock, Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ApiErrorType, MessageReply, ScriptedBlock } from './types.js';
import { type InputUsage, outputTokens } from './usage.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Ids shaped like the API's: `msg_01…`, `toolu_01…`, `req_011…` plus base62. */
export function newId(prefix: string): string {
  let id = prefix;
  while (id.length < prefix.length + 22) id += BASE62[randomInt(BASE62.length)];
  return id;
}

export function errorBody(type: ApiErrorType, message: string, requestId: string) {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

/** A streamed event, or the keep-alive `ping` the API sends right after `message_start`. */
export type WireEvent = RawMessageStreamEvent | { type: 'ping' } | ReturnType<typeof streamError>;

export const streamError = (type: ApiErrorType, message: string) => ({
  type: 'error' as const,
  error: { type, message },
});

export const sse = (event: WireEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

function block(b: ScriptedBlock): ContentBlock {
  return b.type === 'text'
    ? { type: 'text', text: b.text, citations: null }
    : { type: 'tool_use', id: b.id, name: b.name, input: b.input, caller: { type: 'direct' } };
}

/** Typed as the SDK's `Message`, so a field the SDK starts to require fails type-checking here. */
export function buildMessage(
  reply: MessageReply,
  model: string,
  input: InputUsage,
  streaming = false,
): Message {
  return {
    id: newId('msg_01'),
    type: 'message',
    role: 'assistant',
    model,
    content: streaming ? [] : reply.content.map(block),
    stop_reason: streaming ? null : reply.stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: {
      ...input,
      // The API reports 1 output token in `message_start`, the real count at the end.
      output_tokens: streaming ? 1 : outputTokens(reply.content),
      cache_creation: {
        ephemeral_5m_input_tokens: input.cache_creation_input_tokens,
        ephemeral_1h_input_tokens: 0,
      },
      output_tokens_details: null,
      server_tool_use: null,
      inference_geo: null,
      service_tier: 'standard',
      speed: null,
    },
  };
}

/** Splits JSON into a few pieces the way the API streams tool input (first piece empty). */
function jsonChunks(input: Record<string, unknown>): string[] {
  const json = JSON.stringify(input);
  const size = Math.max(1, Math.ceil(json.length / 3));
  const chunks = [''];
  for (let i = 0; i < json.length; i += size) chunks.push(json.slice(i, i + size));
  return chunks;
}

/** The full event sequence; each delta is marked so the server can wait before it. */
export function streamEvents(
  reply: MessageReply,
  model: string,
  input: InputUsage,
): { event: WireEvent; delayed: boolean }[] {
  const out: { event: WireEvent; delayed: boolean }[] = [];
  const push = (event: WireEvent, delayed = false) => out.push({ event, delayed });
  push({ type: 'message_start', message: buildMessage(reply, model, input, true) });
  push({ type: 'ping' });
  reply.content.forEach((b, index) => {
    const start = b.type === 'text' ? { ...block(b), text: '' } : { ...block(b), input: {} };
    push({ type: 'content_block_start', index, content_block: start as ContentBlock });
    if (b.type === 'text') {
      for (const text of b.chunks)
        push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } }, true);
    } else {
      for (const partial_json of jsonChunks(b.input)) {
        push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }, true);
      }
    }
    push({ type: 'content_block_stop', index });
  });
  push({
    type: 'message_delta',
    delta: { stop_reason: reply.stopReason, stop_sequence: null, stop_details: null, container: null },
    // Cumulative totals, as the API sends them.
    usage: {
      ...input,
      output_tokens: outputTokens(reply.content),
      output_tokens_details: null,
      server_tool_use: null,
    },
  });
  push({ type: 'message_stop' });
  return out;
}

import type { ApiErrorType, MessagesApiOptions } from './types.js';

export interface Rejection {
  status: number;
  type: ApiErrorType;
  message: string;
}

const invalid = (message: string): Rejection => ({ status: 400, type: 'invalid_request_error', message });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * What the API checks before the body: a credential, then the version header. SDK 1.x sends
 * its `apiKey` as `Authorization: Bearer`, older clients as `x-api-key`; both are accepted.
 */
export function checkHeaders(headers: Record<string, string>, options: MessagesApiOptions): Rejection | null {
  const key = headers['x-api-key'] ?? headers.authorization?.replace(/^Bearer /i, '');
  if (!key) return { status: 401, type: 'authentication_error', message: 'x-api-key header is required' };
  if (options.apiKey !== undefined && key !== options.apiKey) {
    return { status: 401, type: 'authentication_error', message: 'invalid x-api-key' };
  }
  if (!headers['anthropic-version']) return invalid('anthropic-version: header is required');
  return null;
}

const blocksOf = (content: unknown): Record<string, unknown>[] =>
  Array.isArray(content) ? content.filter(isObject) : [];

const idsOf = (content: unknown, type: string, field: string) =>
  blocksOf(content)
    .filter((b) => b.type === type)
    .map((b) => String(b[field]));

/**
 * The body checks that catch client bugs: required fields, turn order, and tool results
 * that answer the tool calls of the turn just before. Messages mirror the API's wording.
 */
export function checkBody(body: unknown, options: MessagesApiOptions): Rejection | null {
  if (!isObject(body)) return invalid('body: Input should be an object');
  if (typeof body.model !== 'string' || body.model === '') return invalid('model: Field required');
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 0) {
    return invalid('max_tokens: Field required');
  }
  if (!Array.isArray(body.messages)) return invalid('messages: Field required');
  if (body.messages.length === 0) return invalid('messages: at least one message is required');

  const messages: unknown[] = body.messages;
  for (const [i, m] of messages.entries()) {
    if (!isObject(m) || !['user', 'assistant', 'system'].includes(String(m.role))) {
      return invalid(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
    }
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) {
      return invalid(`messages.${i}.content: Field required`);
    }
    const prev = messages[i - 1];
    const prevContent = isObject(prev) && prev.role === 'assistant' ? prev.content : undefined;
    if (!options.allowConsecutiveRoles && isObject(prev) && prev.role === m.role && m.role !== 'system') {
      return invalid(
        `messages: roles must alternate between "user" and "assistant", but found multiple "${m.role}" roles in a row`,
      );
    }

    const answered = idsOf(m.content, 'tool_result', 'tool_use_id');
    const called = idsOf(prevContent, 'tool_use', 'id');
    const stray = answered.filter((id) => !called.includes(id));
    if (stray.length > 0) {
      return invalid(
        `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.join(', ')}. ` +
          'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
      );
    }
    const unanswered = called.filter((id) => !answered.includes(id));
    if (unanswered.length > 0) {
      return invalid(
        `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(', ')}. ` +
          'Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
      );
    }
  }
  return null;
}

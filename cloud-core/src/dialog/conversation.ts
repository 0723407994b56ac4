import type { MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { escapeData } from './system-prompt.js';
import type { DialogTurn } from './types.js';

/**
 * Customer text goes inside `<customer>` so the model can tell data from instructions;
 * what the branch said (assistant or human agent) is the assistant side of the dialogue.
 */
function blockFor(entry: DialogTurn['history'][number]): TextBlockParam {
  if (entry.role === 'customer')
    return { type: 'text', text: `<customer>${escapeData(entry.text)}</customer>` };
  return { type: 'text', text: entry.text };
}

/**
 * The history as Messages API turns. Consecutive entries of one side are merged, because
 * the API wants roles to alternate; a conversation the branch opened gets a neutral first
 * user turn, because the API wants the user to speak first.
 */
export function buildMessages(turn: DialogTurn): MessageParam[] {
  const messages: { role: 'user' | 'assistant'; content: TextBlockParam[] }[] = [];
  for (const entry of turn.history) {
    if (!entry.text.trim()) continue;
    const role = entry.role === 'customer' ? 'user' : 'assistant';
    const last = messages.at(-1);
    if (last?.role === role) last.content.push(blockFor(entry));
    else messages.push({ role, content: [blockFor(entry)] });
  }
  if (messages[0]?.role === 'assistant') {
    messages.unshift({ role: 'user', content: [{ type: 'text', text: '<conversation-start/>' }] });
  }
  return messages;
}

/** True when the conversation ends with the customer speaking, i.e. there is something to answer. */
export const awaitsReply = (turn: DialogTurn): boolean =>
  turn.history.filter((e) => e.text.trim()).at(-1)?.role === 'customer';

export function buildTools(turn: DialogTurn): Tool[] {
  return turn.tools.map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: { type: 'object', ...t.inputSchema },
  }));
}

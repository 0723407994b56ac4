import { type BranchTool, runTool, type ToolResult } from '../../tools/index.js';
import type { Turn } from '../types.js';
import type { RespondDeps } from './respond.js';

/**
 * Runs a branch tool for the turn's verified customer, whoever asked for it (the router or the
 * cloud model): tokens in the input are restored only for the kinds the tool declared it reads,
 * and the reply comes back tokenized, its quoted personal data by the tool's own declaration.
 */
export async function runToolForTurn(
  turn: Turn & { customerRef: string },
  tool: BranchTool,
  input: unknown,
  deps: Pick<RespondDeps, 'vault' | 'redactor' | 'log'>,
): Promise<{ result: ToolResult; reply: string }> {
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string') return deps.vault.restore(turn.conversationId, value, tool.reads);
    if (Array.isArray(value)) return value.map(restore);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)]));
    return value;
  };
  const result = await runTool(
    tool,
    {
      customerRef: turn.customerRef,
      conversationId: turn.conversationId,
      locale: turn.locale,
      log: deps.log.child({ conversationId: turn.conversationId, turnId: turn.id, tool: tool.name }),
    },
    restore(input),
  );
  // The reply is the edge's own text: the tagger has nothing to add to what the tool declared
  // and the checked rules find.
  const redacted = await deps.redactor.redact(
    {
      conversationId: turn.conversationId,
      customerRef: turn.customerRef,
      text: result.reply,
      known: result.mentions ?? [],
    },
    { tagger: false },
  );
  return { result, reply: redacted.text };
}

import type { FinalAnswer, Role, TurnStart } from '@branchline/proto';
import { BranchlineError } from '@branchline/shared';
import type { DialogAnswer, DialogTurn } from './types.js';

const roles: Record<number, DialogTurn['history'][number]['role']> = {
  1: 'customer',
  2: 'assistant',
  3: 'agent',
};

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new BranchlineError('invalid_argument', `${what} is not a JSON object`);
}

/** The dialog's view of a turn an edge sent (by gRPC or through the burst queue). */
export function turnFromStart(edgeId: string, start: TurnStart): DialogTurn {
  if (start.locale !== 'zh-CN' && start.locale !== 'en')
    throw new BranchlineError('invalid_argument', `locale must be zh-CN or en, not ${start.locale}`);
  return {
    conversationId: start.conversationId,
    edgeId,
    locale: start.locale,
    history: start.history.map((m) => ({ role: roles[m.role as Role] ?? 'customer', text: m.text })),
    passages: start.passages.map((p) => ({ articleId: p.articleId, title: p.title, text: p.text })),
    tools: start.tools.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: parseJsonObject(t.inputSchemaJson, `the input schema of tool ${t.name}`),
    })),
    understanding: start.understanding,
  };
}

/** The wire form of an answer, the same for the gRPC stream and the burst queue. */
export function finalAnswerOf(answer: DialogAnswer): FinalAnswer {
  return {
    text: answer.text,
    citations: answer.citations.map((c) => ({ articleId: c.articleId, title: c.title })),
    handoffReason: answer.handoffReason,
    offline: answer.offline,
    usage: answer.usage,
  };
}

import type { Passage, ToolCallRequest, ToolSpec } from '@branchline/proto';
import { z } from 'zod';
import type { DialogClient } from '../../core-link/index.js';
import { unavailableReply } from '../replies.js';
import type { Reply, Turn } from '../types.js';
import type { RespondDeps } from './respond.js';
import { runToolForTurn } from './run-tool-for-turn.js';
import { withoutTokens } from './understand.js';

export interface CloudDeps {
  dialog: DialogClient;
  deadlineMs: number;
  /** The conversation so far, tokenized, oldest first. */
  history(conversationId: string): { role: 'customer' | 'assistant' | 'agent'; text: string }[];
}

const roleNumbers = { customer: 1, assistant: 2, agent: 3 } as const;

async function runToolFor(turn: Turn, call: ToolCallRequest, deps: RespondDeps) {
  const fail = (error: string) => ({ outputJson: JSON.stringify({ error }), isError: true });
  // The model may ask for anything; the edge's tool layer decides. No verified customer, no tool.
  if (!turn.customerRef) return fail('the customer is not verified: ask them to sign in first');
  const tool = deps.tools.get(call.name);
  if (!tool) return fail(`no tool named ${call.name}`);
  let input: unknown;
  try {
    input = JSON.parse(call.inputJson || '{}');
  } catch {
    return fail('the tool input is not JSON');
  }
  const { result, reply } = await runToolForTurn(
    { ...turn, customerRef: turn.customerRef },
    tool,
    input,
    deps,
  );
  return {
    outputJson: JSON.stringify({ ok: result.ok, reply, outcome: result.outcome }),
    isError: false,
  };
}

/**
 * Asks the cloud dialog: the tokenized conversation, the passages the edge found and the
 * branch's tools go up; tool calls come back and run here, against this customer only.
 */
export async function cloudReply(
  turn: Turn,
  deps: RespondDeps & { cloud: CloudDeps | undefined },
): Promise<Reply> {
  const unavailable: Reply = {
    text: unavailableReply('cloud', turn.locale),
    handledBy: 'cloud',
    citations: [],
    available: false,
  };
  if (!deps.cloud) return unavailable;
  try {
    return await dialogReply(turn, deps, deps.cloud, 'cloud');
  } catch (error) {
    deps.log.warn(
      { conversationId: turn.conversationId, turnId: turn.id, err: (error as Error).message },
      'cloud dialog unavailable',
    );
    return unavailable;
  }
}

/**
 * The same turn through burst capacity: the same dialog engine, on a burst worker; the customer
 * sees no difference. Throws when no worker answered in time, so the caller can serve it here.
 */
export function burstReply(turn: Turn, deps: RespondDeps, burst: BurstDeps): Promise<Reply> {
  if (!deps.cloud) throw new Error('burst capacity needs the conversation history of the cloud link');
  return dialogReply(
    turn,
    deps,
    { ...deps.cloud, dialog: burst.dialog, deadlineMs: burst.deadlineMs },
    'burst',
  );
}

export interface BurstDeps {
  dialog: DialogClient;
  deadlineMs: number;
}

/** One dialog turn through `via`; throws on transport trouble. */
async function dialogReply(
  turn: Turn,
  deps: RespondDeps,
  via: CloudDeps,
  handledBy: 'cloud' | 'burst',
): Promise<Reply> {
  const question = withoutTokens(turn.text);
  const passages: Passage[] = deps.knowledge
    .search(question, { locale: turn.locale, limit: 3 })
    .map((hit) => ({ articleId: hit.articleId, title: hit.title, text: hit.text, score: hit.coverage }));
  const tools: ToolSpec[] = [...deps.tools.values()].map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchemaJson: JSON.stringify(z.toJSONSchema(tool.input)),
  }));
  const understanding: Record<string, string> = {};
  if (turn.understanding?.intent) understanding.intent = turn.understanding.intent;
  if (turn.understanding?.sentiment.label) understanding.sentiment = turn.understanding.sentiment.label;
  const final = await via.dialog.converse(
    {
      conversationId: turn.conversationId,
      locale: turn.locale,
      history: via
        .history(turn.conversationId)
        .slice(-12)
        .map((m) => ({ role: roleNumbers[m.role], text: m.text })),
      passages,
      tools,
      understanding,
    },
    (call) => runToolFor(turn, call, deps),
    { deadlineMs: via.deadlineMs },
  );
  if (final.handoffReason) {
    // The core would not stand behind an answer: a person takes over, and the reason is kept.
    turn.decision = { route: 'human', reason: final.handoffReason };
    if (deps.humanDesk) return deps.humanDesk.handOver(turn);
    return {
      text: unavailableReply('human', turn.locale),
      handledBy: 'human',
      citations: [],
      available: false,
      outcome: { handoff: final.handoffReason },
    };
  }
  return {
    text: final.text,
    handledBy,
    citations: final.citations.map((c) => ({ id: c.articleId, title: c.title })),
    available: true,
    ...(final.offline ? { outcome: { offline: true } } : {}),
  };
}

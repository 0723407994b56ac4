import type { Logger, RoutingPolicy } from '@branchline/shared';
import { composeAnswer, type KnowledgeBase } from '../../knowledge/index.js';
import type { Redactor } from '../../privacy/redactor.js';
import type { Vault } from '../../privacy/vault.js';
import type { BranchTool } from '../../tools/index.js';
import { needsVerifiedCustomer, unavailableReply } from '../replies.js';
import type { Reply, Turn } from '../types.js';
import { type CloudDeps, cloudReply } from './cloud-reply.js';
import { runToolForTurn } from './run-tool-for-turn.js';
import { extractSlots } from './slots.js';
import { withoutTokens } from './understand.js';

export interface RespondDeps {
  policy: RoutingPolicy;
  /** The installed knowledge snapshot; empty until the edge has synced one. */
  knowledge: KnowledgeBase;
  /** The cloud dialog; undefined when this edge has no link to a core. */
  cloud: CloudDeps | undefined;
  tools: ReadonlyMap<string, BranchTool>;
  /** The branch's agents; without them a hand-off says no one can join yet. */
  humanDesk?: { handOver(turn: Turn): Promise<Reply> } | undefined;
  vault: Vault;
  redactor: Redactor;
  log: Logger;
}

async function toolReply(turn: Turn, toolName: string, deps: RespondDeps): Promise<Reply> {
  const tool = deps.tools.get(toolName);
  if (!tool)
    return {
      text: unavailableReply('local', turn.locale),
      handledBy: 'tool',
      citations: [],
      available: false,
    };
  if (!turn.customerRef) {
    return { text: needsVerifiedCustomer(turn.locale), handledBy: 'tool', citations: [], available: true };
  }
  const slots = extractSlots(turn.text);
  const { result, reply } = await runToolForTurn(
    { ...turn, customerRef: turn.customerRef },
    tool,
    slots,
    deps,
  );
  return {
    text: reply,
    handledBy: 'tool',
    citations: [],
    available: true,
    outcome: { tool: tool.name, ok: result.ok, ...result.outcome },
  };
}

/** The reply for the route chosen; routes this edge cannot serve yet say so plainly. */
export async function respond(turn: Turn, deps: RespondDeps): Promise<Reply> {
  const decision = turn.decision;
  if (!decision) throw new Error('respond needs a routed turn');
  if (decision.route === 'tool' && decision.tool) return toolReply(turn, decision.tool, deps);
  const intent = turn.understanding?.intent;
  const smallTalk = decision.reason === 'small_talk' && intent ? deps.policy.smallTalk[intent] : undefined;
  if (smallTalk) return { text: smallTalk[turn.locale], handledBy: 'local', citations: [], available: true };
  if (decision.reason === 'knowledge_intent') {
    const question = withoutTokens(turn.text);
    const answer = composeAnswer(question, deps.knowledge.search(question, { locale: turn.locale }));
    if (answer)
      return { text: answer.text, handledBy: 'local', citations: [answer.citation], available: true };
  }
  if (decision.route === 'cloud') return cloudReply(turn, deps);
  if (decision.route === 'human' && deps.humanDesk) return deps.humanDesk.handOver(turn);
  const route = decision.route === 'tool' ? 'local' : decision.route;
  return {
    text: unavailableReply(route, turn.locale),
    handledBy: decision.route,
    citations: [],
    available: false,
  };
}

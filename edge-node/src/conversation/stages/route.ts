import type { RoutingPolicy } from '@branchline/shared';
import type { Decision, Understanding } from '../types.js';
import { withoutTokens } from './understand.js';

/** What routing remembers of an earlier customer turn of the conversation. */
export interface EarlierTurn {
  /** Probability of negative sentiment. */
  negative: number;
  /** The intent model could not read the turn. */
  lowConfidence: boolean;
}

/** The turn being routed, beyond what the models made of it. */
export interface RouteContext {
  /** The customer's text, tokenized. */
  text: string;
  /** Earlier customer turns of this conversation, oldest first. */
  history: readonly EarlierTurn[];
}

/** What routing keeps of a turn's understanding. */
export function summarizeTurn(understanding: Understanding): EarlierTurn {
  const { intent, flags } = understanding;
  return {
    negative: understanding.sentiment.negative,
    // A missing intent model is the edge's trouble, not the customer's: it must not send every
    // conversation on a degraded edge to a person.
    lowConfidence:
      flags.includes('low_confidence') || (intent === null && !flags.includes('models_unavailable')),
  };
}

/** How many earlier turns `route` looks at under this policy. */
export function historyNeeded(policy: RoutingPolicy): number {
  return Math.max(policy.risingAngerTurns, policy.lowConfidenceTurns, 1) - 1;
}

const hanCharacter = /(\p{Script=Han})/gu;
const notWord = /[^\p{L}\p{N}]+/u;

/** Chinese is written without spaces, so each Han character counts as a word. */
function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(hanCharacter, ' $1 ')
    .split(notWord)
    .filter((w) => w.length > 0);
}

/** Start indexes of `phrase` in `text`, both as words. */
function occurrences(text: readonly string[], phrase: readonly string[]): number[] {
  const found: number[] = [];
  if (phrase.length === 0) return found;
  for (let i = 0; i + phrase.length <= text.length; i++) {
    if (phrase.every((w, j) => text[i + j] === w)) found.push(i);
  }
  return found;
}

function asksForPerson(text: string, policy: RoutingPolicy): boolean {
  const said = words(withoutTokens(text));
  if (said.length === 0) return false;
  const excepted: [number, number][] = [];
  for (const exception of policy.humanRequestExceptions) {
    const w = words(exception);
    for (const at of occurrences(said, w)) excepted.push([at, at + w.length]);
  }
  return policy.humanRequestPhrases.some((phrase) => {
    const w = words(phrase);
    return occurrences(said, w).some((at) => !excepted.some(([from, to]) => from < at + w.length && at < to));
  });
}

/** Negative probability rose at each of the last `turns` turns and ends high enough. */
function angerRising(turns: readonly EarlierTurn[], policy: RoutingPolicy): boolean {
  const n = policy.risingAngerTurns;
  if (n < 2 || turns.length < n) return false;
  const window = turns.slice(-n);
  const last = window[n - 1] as EarlierTurn;
  if (last.negative < policy.risingAngerNegative) return false;
  return window.every((t, i) => i === 0 || t.negative > (window[i - 1] as EarlierTurn).negative);
}

function unreadInARow(turns: readonly EarlierTurn[], policy: RoutingPolicy): boolean {
  const n = policy.lowConfidenceTurns;
  return n > 0 && turns.length >= n && turns.slice(-n).every((t) => t.lowConfidence);
}

/**
 * Who answers, by the policy: people first for requests, complaints, anger, risk and a
 * conversation the models keep failing to read; then tools and small talk the branch can do
 * itself; knowledge intents locally; the rest to the policy's fallback. Pure: the caller brings
 * the conversation's earlier turns.
 */
export function route(understanding: Understanding, policy: RoutingPolicy, context: RouteContext): Decision {
  const { intent, flags } = understanding;
  const confident = intent !== null && !flags.includes('low_confidence');
  if ((confident && intent === 'request_human_agent') || asksForPerson(context.text, policy))
    return { route: 'human', reason: 'requested' };
  if (confident && policy.humanIntents.includes(intent)) {
    return { route: 'human', reason: intent === 'complaint' ? 'complaint' : `intent:${intent}` };
  }
  if (policy.humanOnComplianceFlag && flags.includes('compliance'))
    return { route: 'human', reason: 'compliance_flag' };
  if (understanding.sentiment.negative >= policy.humanOnNegativeSentiment)
    return { route: 'human', reason: 'negative_sentiment' };
  const turns = [...context.history, summarizeTurn(understanding)];
  if (angerRising(turns, policy)) return { route: 'human', reason: 'rising_anger' };
  if (unreadInARow(turns, policy)) return { route: 'human', reason: 'repeated_low_confidence' };
  if (confident) {
    const tool = policy.toolIntents[intent];
    if (tool) return { route: 'tool', reason: 'tool_intent', tool };
    if (policy.smallTalk[intent]) return { route: 'local', reason: 'small_talk' };
    if (policy.knowledgeIntents.includes(intent)) return { route: 'local', reason: 'knowledge_intent' };
  }
  return { route: policy.fallback, reason: confident ? 'general' : 'low_confidence' };
}

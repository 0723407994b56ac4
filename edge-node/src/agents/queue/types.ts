import type { Locale } from '../../conversation/types.js';

export type { Locale };

export const locales: readonly Locale[] = ['zh-CN', 'en'];

/** How badly the conversation needs a human, as judged by the edge when it hands over. */
export type Severity = 'low' | 'normal' | 'high' | 'critical';
export const severities: readonly Severity[] = ['low', 'normal', 'high', 'critical'];

/** Customer lifetime-value tier from the branch connector; customers it does not know are 'standard'. */
export type ValueTier = 'standard' | 'silver' | 'gold' | 'platinum';
export const valueTiers: readonly ValueTier[] = ['standard', 'silver', 'gold', 'platinum'];

/** A conversation waiting for a human agent. */
export interface WaitingConversation {
  readonly conversationId: string;
  /** Epoch ms when the customer first asked for a human; kept across requeues so ageing is never lost. */
  readonly enqueuedAt: number;
  /** Stable code for why the edge handed over: `complaint`, `negative_sentiment`, `loan_application`, ... */
  readonly reason: string;
  readonly severity: Severity;
  readonly valueTier: ValueTier;
  readonly language: Locale;
  /** Every one of these is required of the agent; stored sorted and without duplicates. */
  readonly skills: readonly string[];
}

/**
 * - `available`: offered new conversations while below `maxConcurrent`.
 * - `busy`: set by the agent (meeting, long wrap-up): keeps its conversations, is offered nothing.
 * - `away`: not at the desk: keeps its conversations, is offered nothing.
 *
 * Presence is only ever what the agent (or a supervisor) sets. Being full is not a presence: it is
 * `freeSlots === 0` on the agent, so releasing a conversation never has to guess which presence to
 * restore and an agent's own `busy` is never overwritten.
 */
export type Presence = 'available' | 'busy' | 'away';
export const presences: readonly Presence[] = ['available', 'busy', 'away'];

export interface AgentProfile {
  readonly agentId: string;
  readonly name: string;
  readonly languages: readonly Locale[];
  readonly skills: readonly string[];
  /** Conversations the agent handles at once (chat agents take several, voice agents one). */
  readonly maxConcurrent: number;
}

export interface Agent extends AgentProfile {
  readonly presence: Presence;
  /** Conversations the agent holds now, including those in wrap-up until `release`. */
  readonly active: ReadonlySet<string>;
}

/** A waiting conversation as `list()` reports it, at the queue's current time. */
export interface QueuedConversation extends WaitingConversation {
  /** 1 is next. */
  readonly position: number;
  /** `base(tier, severity) + ageingPerMinute * minutesWaited`. */
  readonly score: number;
  readonly waitedMs: number;
  /** `null` when no available agent could take it at all (language or skills not covered). */
  readonly estimatedWaitMs: number | null;
  /** Available agents who speak its language and have all its skills, full or not. */
  readonly eligibleAgents: number;
}

export interface Assignment {
  readonly agentId: string;
  readonly conversation: WaitingConversation;
  /** When the current agent took it: the start of the handle time measured on release. */
  readonly assignedAt: number;
}

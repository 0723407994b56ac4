import { randomUUID } from 'node:crypto';
import { BranchlineError, type Logger } from '@branchline/shared';
import type { ComplianceHit } from '../compliance/index.js';
import type { GroupCommit } from '../db/index.js';
import type { Offer, OfferEngine } from '../offers/index.js';
import type { Outbox } from '../outbox/index.js';
import { type ConversationRow, ConversationStore, type MessageRow } from './conversation-store.js';
import type { LiveEvent, LiveHub } from './live-hub.js';
import {
  complianceStage,
  decideStages,
  emotionStage,
  type PipelineDeps,
  redactStage,
  restoreStage,
  understandStage,
} from './pipeline.js';
import type { Locale, Reply, Turn, Understanding } from './types.js';
import { validateText } from './validate-text.js';

export interface TranscriptMessage {
  seq: number;
  role: MessageRow['role'];
  text: string;
  handledBy: string | null;
  at: string;
}

export interface TurnResult {
  /** Null while a person has the conversation: their replies arrive on the event stream. */
  reply: {
    text: string;
    citations: { id: string; title: string }[];
    handledBy: string;
    available: boolean;
  } | null;
  understanding: Understanding;
  /** A proactive offer or reminder sent after the reply (also on the live stream), if the turn called for one. */
  offer?: { text: string; ruleId: string };
}

/** The human side of the branch, as the conversation pipeline sees it. */
export interface HumanSide {
  /** A person has, or is about to have, this conversation: the AI stays quiet. */
  withHuman(conversationId: string): boolean;
  handOver(turn: Turn): Promise<Reply>;
  customerWrote(conversationId: string): void;
  customerLeft(conversationId: string): void;
  /** The customer's data is being erased: their hand-offs go, wherever they are. */
  erase(conversationIds: readonly string[]): void;
}

export interface ConversationServiceDeps {
  commits: GroupCommit;
  store: ConversationStore;
  hub: LiveHub;
  outbox: Outbox;
  pipeline: PipelineDeps;
  log: Logger;
  maxMessageChars: number;
  /** Proactive offers and reminders from the bundle's rules; without it none are made. */
  offers?: OfferEngine;
}

function counts(found: Turn['found']): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of found) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

/** The `conversation.turn` event: tokenized text, labels and timings, whoever answered. */
function turnEvent(
  turn: Turn,
  understanding: Understanding,
  answer: { reply: Reply | null; route: string; reason: string; handledBy: string },
) {
  return {
    type: 'conversation.turn',
    conversationId: turn.conversationId,
    data: {
      turnId: turn.id,
      locale: turn.locale,
      text: turn.text,
      reply: answer.reply?.text ?? null,
      intent: understanding.intent,
      confidence: understanding.confidence,
      sentiment: understanding.sentiment,
      flags: understanding.flags,
      route: answer.route,
      reason: answer.reason,
      handledBy: answer.handledBy,
      available: answer.reply?.available ?? true,
      ...(answer.reply?.outcome ? { outcome: answer.reply.outcome } : {}),
      ...(understanding.hesitation ? { hesitation: understanding.hesitation } : {}),
      ...(turn.emotion ? { emotion: turn.emotion } : {}),
      personalData: counts(turn.found),
      timingsMs: turn.timings,
    },
  };
}

/** What central agents read in place of a branch agent's message. */
const branchAgentLine = 'A branch agent wrote to the customer here (kept in the branch).';
/** ... and in place of an offer or reminder, which may quote the customer's own figures. */
const offerLine = 'The branch sent the customer an offer or reminder here (kept in the branch).';

/** One `compliance.alert` per rule broken: the rule, whose sentence (tokenized) and what was done. */
function alertEvents(conversationId: string, turnId: string, hits: readonly ComplianceHit[]) {
  return hits.map((hit) => ({
    type: 'compliance.alert',
    conversationId,
    data: {
      turnId,
      ruleId: hit.ruleId,
      category: hit.category,
      severity: hit.severity,
      side: hit.side,
      action: hit.action,
      text: hit.sentence,
    },
  }));
}

/**
 * Conversations on this edge. A customer turn is on disk (tokenized) before it is processed, and
 * its reply, the answered mark and the event for the core are written in one transaction, so a
 * crash between them re-runs the turn on start instead of losing it.
 */
export class ConversationService {
  private readonly queues = new Map<string, Promise<unknown>>();
  private human: HumanSide | undefined;
  private readonly erasers: ((customerRef: string) => Record<string, number>)[] = [];

  constructor(private readonly deps: ConversationServiceDeps) {}

  /** Connects the agent desk: hand-offs join its queue, and its conversations skip the AI. */
  useHumanSide(human: HumanSide): void {
    this.human = human;
    this.deps.pipeline.humanDesk = human;
  }

  start(input: { channel: string; locale: Locale; customerRef: string | null }): ConversationRow {
    const row = this.deps.store.create(input);
    this.deps.outbox.append({
      type: 'conversation.started',
      conversationId: row.id,
      data: { channel: row.channel, locale: row.locale, verifiedCustomer: row.customerRef !== null },
    });
    this.deps.log.info({ conversationId: row.id, channel: row.channel }, 'conversation started');
    return row;
  }

  /** Turns of one conversation run in order; different conversations run side by side. */
  private serialized<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(conversationId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(conversationId, settled);
    void settled.then(() => {
      if (this.queues.get(conversationId) === settled) this.queues.delete(conversationId);
    });
    return next;
  }

  async send(conversationId: string, rawText: unknown): Promise<TurnResult> {
    const conversation = this.deps.store.require(conversationId);
    if (conversation.status === 'ended')
      throw new BranchlineError('failed_precondition', `conversation ${conversationId} has ended`);
    const input = validateText(rawText, this.deps.maxMessageChars);
    return this.serialized(conversationId, async () => {
      const turn: Turn = {
        id: randomUUID(),
        conversationId,
        locale: conversation.locale as Locale,
        customerRef: conversation.customerRef,
        input,
        text: '',
        found: [],
        timings: {},
      };
      const { tokenize, withoutValues } = await redactStage(turn, this.deps.pipeline);
      // The models read while the vault entries and the tokenized message are committed.
      const understood = understandStage(turn, this.deps.pipeline, withoutValues);
      understood.catch(() => undefined); // awaited in answer(); a failed commit must not leave it unhandled
      const row = await this.deps.commits.run(() => {
        tokenize();
        return this.deps.store.append({
          conversationId,
          turnId: turn.id,
          role: 'customer',
          text: turn.text,
          status: 'pending',
        });
      });
      this.emit(conversationId, row);
      if (this.human?.withHuman(conversationId)) return this.forThePerson(turn, row.seq, understood);
      this.deps.hub.publish(conversationId, { type: 'typing', data: { role: 'assistant' } });
      return this.answer(turn, row.seq, understood);
    });
  }

  private async answer(
    turn: Turn,
    customerSeq: number,
    understood = understandStage(turn, this.deps.pipeline),
  ): Promise<TurnResult> {
    const { pipeline, store, outbox, log } = this.deps;
    await decideStages(turn, pipeline, understood);
    const reply = turn.reply;
    const understanding = turn.understanding;
    const decision = turn.decision;
    if (!reply || !understanding || !decision) throw new Error('pipeline left the turn unanswered');
    // Restored in memory only, for the customer; the event below carries its timing, not its text.
    const text = await restoreStage(turn, pipeline);
    const offer = decision.route === 'human' ? undefined : await this.offerFor(turn, understanding);
    let offerRow: MessageRow | undefined;
    const row = await this.deps.commits.run(() => {
      const written = store.append({
        conversationId: turn.conversationId,
        turnId: turn.id,
        role: 'assistant',
        text: reply.text,
        status: 'final',
        handledBy: reply.handledBy,
        meta: JSON.stringify({
          citations: reply.citations,
          route: decision.route,
          reason: decision.reason,
          ...(decision.tool ? { tool: decision.tool } : {}),
        }),
      });
      store.markAnswered(customerSeq, understanding);
      outbox.append(
        turnEvent(turn, understanding, {
          reply,
          route: decision.route,
          reason: decision.reason,
          handledBy: reply.handledBy,
        }),
      );
      for (const alert of alertEvents(turn.conversationId, turn.id, turn.compliance ?? []))
        outbox.append(alert);
      if (offer) offerRow = this.recordOffer(turn, offer);
      return written;
    });
    if (decision.route === 'human')
      this.deps.hub.publish(turn.conversationId, { type: 'handoff', data: { reason: decision.reason } });
    this.emit(turn.conversationId, row, text);
    if (offerRow) this.emit(turn.conversationId, offerRow);
    log.info(
      {
        conversationId: turn.conversationId,
        turnId: turn.id,
        intent: understanding.intent,
        route: decision.route,
        reason: decision.reason,
        timingsMs: turn.timings,
      },
      'turn answered',
    );
    return {
      reply: { text, citations: reply.citations, handledBy: reply.handledBy, available: reply.available },
      understanding,
      ...(offer ? { offer: { text: offer.text, ruleId: offer.ruleId } } : {}),
    };
  }

  /**
   * The offer this turn calls for, checked like any AI reply: one a compliance rule would block is
   * not made at all.
   */
  private async offerFor(turn: Turn, understanding: Understanding): Promise<Offer | undefined> {
    const offers = this.deps.offers;
    if (!offers) return undefined;
    const recent = this.deps.store
      .transcript(turn.conversationId)
      .filter((m) => m.role === 'customer')
      .slice(-3)
      .map((m) => m.text)
      .join('\n');
    const offer = await offers.consider({
      conversationId: turn.conversationId,
      customerRef: turn.customerRef,
      locale: turn.locale,
      text: recent,
      understanding,
    });
    if (!offer) return undefined;
    const hits = await this.deps.pipeline.compliance?.().check({ text: offer.text, side: 'ai' });
    if (hits?.some((h) => h.action === 'block')) {
      this.deps.log.warn(
        { conversationId: turn.conversationId, ruleId: offer.ruleId },
        'offer withheld by a compliance rule',
      );
      return undefined;
    }
    return offer;
  }

  /** The offer as a message of its own after the reply, its audit row and its event, in the turn's commit. */
  private recordOffer(turn: Turn, offer: Offer): MessageRow {
    this.deps.offers?.record(offer, turn);
    this.deps.outbox.append({
      type: 'offer.made',
      conversationId: turn.conversationId,
      data: {
        turnId: turn.id,
        ruleId: offer.ruleId,
        moment: offer.moment,
        action: offer.action,
        articleId: offer.articleId,
        verifiedCustomer: turn.customerRef !== null,
      },
    });
    return this.deps.store.append({
      conversationId: turn.conversationId,
      turnId: randomUUID(),
      role: 'assistant',
      text: offer.text,
      status: 'final',
      handledBy: 'offer',
      meta: JSON.stringify({ offer: offer.ruleId, articleId: offer.articleId }),
    });
  }

  /** A person has the conversation: the turn is understood for their console, and not answered by the AI. */
  private async forThePerson(
    turn: Turn,
    customerSeq: number,
    understood: Promise<Understanding>,
  ): Promise<TurnResult> {
    const understanding = await understood;
    turn.understanding = understanding;
    // A person reads the mood from the transcript; the core still learns where it is heading.
    turn.emotion = emotionStage(turn, this.deps.pipeline, understanding);
    const hits = await complianceStage(turn, this.deps.pipeline, 'customer', turn.text);
    // The turn is counted like any other (for the core's figures), answered by a person.
    await this.deps.commits.run(() => {
      this.deps.store.markAnswered(customerSeq, understanding);
      for (const alert of alertEvents(turn.conversationId, turn.id, hits)) this.deps.outbox.append(alert);
      this.deps.outbox.append(
        turnEvent(turn, understanding, {
          reply: null,
          route: 'human',
          reason: 'with_agent',
          handledBy: 'human',
        }),
      );
    });
    this.human?.customerWrote(turn.conversationId);
    return { reply: null, understanding };
  }

  customerOf(conversationId: string): string | null {
    return this.deps.store.get(conversationId)?.customerRef ?? null;
  }

  publishLive(conversationId: string, event: LiveEvent): void {
    this.deps.hub.publish(conversationId, event);
  }

  /** A line from the branch itself ("Wang Fang has joined"); no personal data of the customer's. */
  postSystemMessage(conversationId: string, text: string): void {
    const row = this.deps.store.append({
      conversationId,
      turnId: randomUUID(),
      role: 'system',
      text,
      status: 'final',
      handledBy: 'human',
    });
    this.emit(conversationId, row, text);
  }

  /**
   * An agent's reply. Stored tokenized like every other message (an agent may type the customer's
   * number back to them); the customer reads it with the tokens in it restored.
   */
  async postAgentMessage(
    conversationId: string,
    rawText: unknown,
    options: { central?: boolean } = {},
  ): Promise<void> {
    const conversation = this.deps.store.require(conversationId);
    if (conversation.status === 'ended')
      throw new BranchlineError('failed_precondition', `conversation ${conversationId} has ended`);
    const text = validateText(rawText, this.deps.maxMessageChars);
    await this.serialized(conversationId, async () => {
      const request = {
        conversationId,
        customerRef: conversation.customerRef,
        text,
        known: await this.deps.pipeline.knownValues(conversation.customerRef),
        keepTokens: new Set(this.deps.pipeline.vault.values(conversationId).keys()),
      };
      // A central agent's values are masked, never tokenized: a guessed number must not come back
      // to them as the conversation's `⟦PHONE_1⟧`, which would confirm the guess.
      const stored = options.central
        ? await this.deps.pipeline.redactor.mask(request)
        : (await this.deps.pipeline.redactor.redact(request)).text;
      const turnId = randomUUID();
      // Agents are checked like the AI; their words are theirs to answer for, so an alert, no block.
      const hits = (await this.deps.pipeline.compliance?.().check({ text: stored, side: 'agent' })) ?? [];
      const row = await this.deps.commits.run(() => {
        for (const alert of alertEvents(conversationId, turnId, hits)) this.deps.outbox.append(alert);
        return this.deps.store.append({
          conversationId,
          turnId,
          role: 'agent',
          text: stored,
          status: 'final',
          handledBy: options.central ? 'overflow' : 'human',
        });
      });
      // Restored from the tokens, so a central agent who can only type `⟦PHONE_1⟧` is read as meant.
      this.emit(conversationId, row, this.deps.pipeline.vault.restore(conversationId, stored));
    });
  }

  /**
   * What may leave the branch of a conversation: its tokenized messages (the latest `limit`) and
   * whether it ended. Lines from the branch itself stay out, since they name its staff; so do the
   * branch agents' words, since they saw the customer's data and may have written other people's,
   * and offers and reminders, which quote the customer's repayment or car from the branch system.
   */
  tokenizedTranscript(conversationId: string, limit = 200) {
    const c = this.deps.store.require(conversationId);
    const messages = this.deps.store
      .transcript(conversationId)
      .filter((m) => m.role !== 'system')
      .slice(-limit)
      .map((m) => {
        const kept =
          m.role === 'agent' && m.handledBy !== 'overflow'
            ? branchAgentLine
            : m.handledBy === 'offer'
              ? offerLine
              : undefined;
        return kept
          ? { seq: m.seq, role: 'system', text: kept, atUnixMs: m.createdAt.getTime() }
          : { seq: m.seq, role: m.role, text: m.text, atUnixMs: m.createdAt.getTime() };
      });
    return { ended: c.status === 'ended', messages };
  }

  /** The customer's turns, tokenized, with what the models made of them: the substance of feedback. */
  customerTurns(
    conversationId: string,
  ): { text: string; intent: string | null; confidence: number | null }[] {
    return this.deps.store
      .transcript(conversationId)
      .filter((m) => m.role === 'customer')
      .map((m) => {
        const understanding = ConversationStore.understandingOf(m);
        return {
          text: m.text,
          intent: understanding?.intent ?? null,
          confidence: understanding?.confidence ?? null,
        };
      });
  }

  /** The conversation with its customer turns' understanding: what the agent console shows. */
  agentView(conversationId: string) {
    const c = this.deps.store.require(conversationId);
    const messages = this.deps.store.transcript(conversationId).map((row) => ({
      ...this.toTranscript(row),
      understanding: ConversationStore.understandingOf(row),
    }));
    return { id: c.id, locale: c.locale, status: c.status, customerRef: c.customerRef, messages };
  }

  /** Answers turns accepted before the edge last stopped; their replies reach the transcript and streams. */
  async recoverPending(): Promise<number> {
    const pending = this.deps.store.pendingTurns();
    for (const row of pending) {
      const conversation = this.deps.store.get(row.conversationId);
      if (!conversation) continue;
      await this.serialized(row.conversationId, () =>
        this.answer(
          {
            id: row.turnId,
            conversationId: row.conversationId,
            locale: conversation.locale as Locale,
            customerRef: conversation.customerRef,
            input: '',
            text: row.text,
            found: [],
            timings: {},
          },
          row.seq,
        ),
      );
    }
    if (pending.length > 0)
      this.deps.log.info({ turns: pending.length }, 'answered turns accepted before the restart');
    return pending.length;
  }

  private toTranscript(row: MessageRow, restored?: string): TranscriptMessage {
    return {
      seq: row.seq,
      role: row.role,
      text: restored ?? this.deps.pipeline.vault.restore(row.conversationId, row.text),
      handledBy: row.handledBy,
      at: row.createdAt.toISOString(),
    };
  }

  private emit(conversationId: string, row: MessageRow, restored?: string): void {
    this.deps.hub.publish(conversationId, {
      type: 'message',
      seq: row.seq,
      data: { ...this.toTranscript(row, restored) },
    });
  }

  /** The conversation as the customer saw it: personal data restored from the vault. */
  view(conversationId: string) {
    const c = this.deps.store.require(conversationId);
    return {
      id: c.id,
      channel: c.channel,
      locale: c.locale,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      endedAt: c.endedAt?.toISOString() ?? null,
      messages: this.deps.store.transcript(conversationId).map((row) => this.toTranscript(row)),
    };
  }

  /** Messages after `afterSeq`, restored, for a stream that (re)connects. */
  replay(conversationId: string, afterSeq: number): LiveEvent[] {
    this.deps.store.require(conversationId);
    return this.deps.store
      .transcript(conversationId, afterSeq)
      .map((row) => ({ type: 'message', seq: row.seq, data: { ...this.toTranscript(row) } }));
  }

  subscribe(conversationId: string, listener: (event: LiveEvent) => void): () => void {
    return this.deps.hub.subscribe(conversationId, listener);
  }

  end(conversationId: string): ConversationRow {
    const before = this.deps.store.require(conversationId);
    const row = this.deps.store.end(conversationId);
    if (before.status !== 'ended') {
      this.human?.customerLeft(conversationId);
      this.deps.outbox.append({ type: 'conversation.ended', conversationId, data: { reason: 'customer' } });
      this.deps.hub.publish(conversationId, { type: 'end', data: { reason: 'customer' } });
    }
    return row;
  }

  /** Another part of the edge that keeps data about customers and erases it with them. */
  alsoErase(eraser: (customerRef: string) => Record<string, number>): void {
    this.erasers.push(eraser);
  }

  async eraseCustomer(customerRef: string) {
    // Vault entries, transcripts, conversations and what else is kept about them go in one commit.
    const erased = await this.deps.commits.run(() => {
      this.human?.erase(this.deps.store.idsOf(customerRef));
      const vaultEntries = this.deps.pipeline.vault.eraseCustomer(customerRef);
      let out: Record<string, number> = { ...this.deps.store.eraseCustomer(customerRef), vaultEntries };
      for (const eraser of this.erasers) out = { ...out, ...eraser(customerRef) };
      return out;
    });
    // The event says that an erasure happened, not whose: the ref itself stays in the branch.
    this.deps.outbox.append({ type: 'privacy.erased', data: { ...erased } });
    this.deps.log.info({ ...erased }, 'customer data erased');
    return erased;
  }
}

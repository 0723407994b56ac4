import { type OverflowAction, type OverflowActionResult, OverflowSession } from '@branchline/proto';
import { BranchlineError, isErrorCode, type Logger } from '@branchline/shared';
import { type HandoffRow, queuedOf } from '../desk/handoff-store.js';
import { joinedText, reclaimedText } from '../desk/handoff-terms.js';
import { parseWrapUp, recordWrapUp, type WrapUpDeps } from '../desk/wrap-up.js';
import type { AgentQueue, QueuedConversation } from '../queue/index.js';
import type { OverflowLink } from './overflow-link.js';

/** Well under NATS's default 1 MB payload, with room for the protocol around it. */
const maxSessionBytes = 256 * 1024;

/** Hand-offs a central overflow agent has carry this prefix on their agent id. */
const centralPrefix = 'central:';
export const isCentral = (agentId: string | null | undefined): boolean =>
  agentId?.startsWith(centralPrefix) ?? false;
const centralId = (username: string) => `${centralPrefix}${username}`;

export interface OverflowDeskDeps extends WrapUpDeps {
  edgeId: string;
  queue: AgentQueue;
  link: OverflowLink;
  /** The fleet's `capacity.maxHumanWaitMs`: a longer estimated wait offers the conversation centrally. */
  maxWaitMs(): number;
  /**
   * How long the link to the core may be down before conversations central agents have come back
   * to the branch queue: a central agent who cannot be reached cannot answer.
   */
  reclaimAfterMs: number;
  intents(): string[];
  log: Logger;
  /** The branch queue changed: consoles and waiting customers hear of it. */
  queueChanged(): void;
  /** A conversation changed: the branch console showing it re-reads it. */
  conversationChanged(conversationId: string): void;
}

interface Offer {
  offeredAt: number;
  /** The branch queue's estimate when offered; null when no branch agent could take it. */
  estimate: number | null;
  agentName?: string;
}

/**
 * Central overflow for the branch's human side. A conversation whose estimated wait in the branch
 * queue is over the fleet's limit (or that no branch agent can take) is offered to the core's
 * overflow console, and stays in the branch queue too: whoever accepts first has it, and this edge
 * alone decides, so a branch agent and a central one never both have a customer. Central agents
 * see tokenized text only; their replies are restored here, on the way to the customer.
 */
export class OverflowDesk {
  readonly #offers = new Map<string, Offer>();
  #disconnectedSince: number | undefined;
  readonly #linkWatch: NodeJS.Timeout;

  constructor(private readonly deps: OverflowDeskDeps) {
    deps.link.onAction((action) => this.act(action));
    this.#linkWatch = setInterval(() => this.#watchLink(), 1000);
    this.#linkWatch.unref();
  }

  stop(): void {
    clearInterval(this.#linkWatch);
  }

  #watchLink(): void {
    if (this.deps.link.connected()) {
      // Back online: what waited meanwhile is reviewed now rather than at the next queue change.
      if (this.#disconnectedSince !== undefined) this.deps.queueChanged();
      this.#disconnectedSince = undefined;
      return;
    }
    this.#disconnectedSince ??= Date.now();
    if (Date.now() - this.#disconnectedSince < this.deps.reclaimAfterMs) return;
    for (const conversationId of this.#offers.keys()) {
      const row = this.deps.handoffs.current(conversationId);
      if (row?.status === 'assigned' && isCentral(row.agentId)) this.#reclaim(row);
    }
  }

  /** Back in the branch queue, where they were; still offered, so central agents see it waiting again. */
  #reclaim(row: HandoffRow): void {
    const { conversationId } = row;
    if (this.deps.conversations.tokenizedTranscript(conversationId, 0).ended) {
      // Gone already: nobody is left to serve, and nobody would be left to wrap it up.
      this.deps.handoffs.update(row.id, {
        status: 'wrapped',
        wrappedAt: new Date(),
        disposition: 'customer_left',
      });
      this.withdraw(conversationId);
      this.deps.conversationChanged(conversationId);
      return;
    }
    this.deps.handoffs.update(row.id, { status: 'waiting', agentId: null, assignedAt: null });
    this.deps.queue.enqueue(queuedOf(row));
    this.deps.conversations.postSystemMessage(conversationId, reclaimedText(row.language as 'zh-CN' | 'en'));
    const offer = this.#offers.get(conversationId);
    if (offer) delete offer.agentName;
    this.deps.audit.record({
      agentId: row.agentId,
      action: 'conversation.reclaimed',
      conversationId,
      detail: { linkDownMs: Date.now() - (this.#disconnectedSince ?? Date.now()) },
    });
    this.deps.log.warn(
      { conversationId, agent: row.agentId },
      'central agent unreachable: back to the branch queue',
    );
    this.deps.queueChanged();
    this.deps.conversationChanged(conversationId);
    this.publish(conversationId);
  }

  /** Offers the waiting conversations whose wait is over the limit; called whenever the queue changes. */
  review(waiting: readonly QueuedConversation[]): void {
    if (!this.deps.link.connected()) return;
    const limitMs = this.deps.maxWaitMs();
    for (const w of waiting) {
      if (this.#offers.has(w.conversationId)) continue;
      if (w.estimatedWaitMs !== null && w.estimatedWaitMs <= limitMs) continue;
      this.#offers.set(w.conversationId, { offeredAt: Date.now(), estimate: w.estimatedWaitMs });
      this.publish(w.conversationId);
      this.deps.audit.record({
        agentId: null,
        action: 'handoff.offered_to_overflow',
        conversationId: w.conversationId,
        detail: { estimatedWaitMs: w.estimatedWaitMs, limitMs },
      });
      this.deps.log.info(
        { conversationId: w.conversationId, estimatedWaitMs: w.estimatedWaitMs, limitMs },
        'offered to central overflow agents',
      );
    }
  }

  isOffered(conversationId: string): boolean {
    return this.#offers.has(conversationId);
  }

  offered(): number {
    return this.#offers.size;
  }

  /** A hand-off a central agent had when the edge stopped: it stays theirs. */
  restored(row: HandoffRow): void {
    this.#offers.set(row.conversationId, {
      offeredAt: (row.assignedAt ?? row.enqueuedAt).getTime(),
      estimate: null,
    });
    this.publish(row.conversationId);
  }

  /** A branch agent took it: central agents no longer see it. */
  withdraw(conversationId: string): void {
    if (this.#offers.delete(conversationId)) this.deps.link.remove(conversationId);
  }

  customerWrote(conversationId: string): void {
    if (this.#offers.has(conversationId)) this.publish(conversationId);
  }

  /** Waiting, the offer goes with them; with a central agent, the agent sees that they left. */
  customerLeft(conversationId: string): void {
    if (this.#offers.has(conversationId)) this.publish(conversationId);
  }

  erase(conversationIds: readonly string[]): void {
    for (const id of conversationIds) this.withdraw(id);
  }

  /** Writes the session as central agents should see it, or takes it away once it is not theirs to see. */
  publish(conversationId: string): OverflowSession | undefined {
    const offer = this.#offers.get(conversationId);
    const row = this.deps.handoffs.current(conversationId);
    const open = row && (row.status === 'waiting' || isCentral(row.agentId));
    if (!offer || !row || !open) {
      this.withdraw(conversationId);
      return undefined;
    }
    const transcript = this.deps.conversations.tokenizedTranscript(conversationId);
    const session: OverflowSession = {
      edgeId: this.deps.edgeId,
      conversationId,
      locale: row.language,
      reason: row.reason,
      severity: row.severity,
      valueTier: row.valueTier,
      status: row.status,
      agent: row.status === 'assigned' && row.agentId ? row.agentId.slice(centralPrefix.length) : '',
      agentName:
        row.status === 'assigned' ? (offer.agentName ?? row.agentId?.slice(centralPrefix.length) ?? '') : '',
      customerLeft: transcript.ended,
      enqueuedUnixMs: row.enqueuedAt.getTime(),
      offeredUnixMs: offer.offeredAt,
      updatedUnixMs: Date.now(),
      ...(offer.estimate === null ? {} : { branchEstimatedWaitMs: offer.estimate }),
      messages: transcript.messages,
    };
    // A KV value must fit a NATS message: the oldest lines go first.
    while (session.messages.length > 1 && OverflowSession.encode(session).finish().length > maxSessionBytes)
      session.messages.shift();
    this.deps.link.put(session);
    return session;
  }

  /** One console action, decided here; errors go back as codes the console shows. */
  async act(action: OverflowAction): Promise<OverflowActionResult> {
    try {
      const session = await this.#do(action);
      return { errorCode: '', errorMessage: '', session };
    } catch (error) {
      if (error instanceof BranchlineError && isErrorCode(error.code))
        return { errorCode: error.code, errorMessage: error.message, session: undefined };
      throw error;
    }
  }

  async #do(action: OverflowAction): Promise<OverflowSession | undefined> {
    const { conversationId, agent } = action;
    if (!agent) throw new BranchlineError('invalid_argument', 'the action names no agent');
    const row = this.deps.handoffs.current(conversationId);
    if (!row)
      throw new BranchlineError('not_found', `conversation ${conversationId} is not waiting for a person`);
    if (row.status === 'assigned' && !isCentral(row.agentId))
      throw new BranchlineError(
        'failed_precondition',
        `conversation ${conversationId} has been taken by a branch agent`,
      );
    if (!this.#offers.has(conversationId))
      throw new BranchlineError(
        'not_found',
        `conversation ${conversationId} is not offered to overflow agents`,
      );
    const kind = action.kind;
    if (kind?.$case === 'accept') return this.#accept(row, agent, action.agentName || agent);
    if (row.status !== 'assigned' || row.agentId !== centralId(agent))
      throw new BranchlineError('failed_precondition', 'accept the conversation first');
    switch (kind?.$case) {
      case 'reply':
        await this.deps.conversations.postAgentMessage(conversationId, kind.value.text, { central: true });
        this.deps.audit.record({ agentId: centralId(agent), action: 'message.sent', conversationId });
        this.deps.conversationChanged(conversationId);
        return this.publish(conversationId);
      case 'release':
        return this.#release(row, agent);
      case 'wrapUp':
        this.#wrapUp(row, agent, kind.value);
        return undefined;
      default:
        throw new BranchlineError('invalid_argument', 'unknown overflow action');
    }
  }

  #accept(row: HandoffRow, agent: string, agentName: string): OverflowSession | undefined {
    const { conversationId } = row;
    if (row.status === 'assigned') {
      if (row.agentId === centralId(agent)) return this.publish(conversationId);
      throw new BranchlineError(
        'failed_precondition',
        `conversation ${conversationId} has been taken by another overflow agent`,
      );
    }
    if (this.deps.conversations.tokenizedTranscript(conversationId, 0).ended)
      throw new BranchlineError('failed_precondition', 'the customer has left');
    this.deps.queue.remove(conversationId);
    this.deps.handoffs.update(row.id, {
      status: 'assigned',
      agentId: centralId(agent),
      assignedAt: new Date(),
    });
    const offer = this.#offers.get(conversationId);
    if (offer) offer.agentName = agentName;
    this.deps.audit.record({
      agentId: centralId(agent),
      action: 'conversation.accepted',
      conversationId,
      detail: { overflow: true },
    });
    this.deps.conversations.postSystemMessage(
      conversationId,
      joinedText(row.language as 'zh-CN' | 'en', agentName),
    );
    this.deps.log.info({ conversationId, agent }, 'central overflow agent took the conversation');
    this.deps.queueChanged();
    this.deps.conversationChanged(conversationId);
    return this.publish(conversationId);
  }

  #release(row: HandoffRow, agent: string): OverflowSession | undefined {
    const { conversationId } = row;
    if (this.deps.conversations.tokenizedTranscript(conversationId, 0).ended)
      throw new BranchlineError('failed_precondition', 'the customer has left; wrap up instead');
    this.deps.handoffs.update(row.id, { status: 'waiting', agentId: null, assignedAt: null });
    // Back in line where they were, for branch and central agents alike.
    this.deps.queue.enqueue(queuedOf(row));
    const offer = this.#offers.get(conversationId);
    if (offer) delete offer.agentName;
    this.deps.audit.record({ agentId: centralId(agent), action: 'conversation.released', conversationId });
    this.deps.queueChanged();
    this.deps.conversationChanged(conversationId);
    return this.publish(conversationId);
  }

  #wrapUp(
    row: HandoffRow,
    agent: string,
    input: { disposition: string; correctedIntent?: string | undefined },
  ): void {
    const wrapUp = parseWrapUp(
      {
        disposition: input.disposition,
        ...(input.correctedIntent ? { correctedIntent: input.correctedIntent } : {}),
      },
      this.deps.intents(),
    );
    const handleTimeMs = Date.now() - (row.assignedAt ?? row.enqueuedAt).getTime();
    recordWrapUp(this.deps, row, centralId(agent), handleTimeMs, wrapUp, { overflow: true });
    this.withdraw(row.conversationId);
    this.deps.conversationChanged(row.conversationId);
  }
}

import { EventEmitter } from 'node:events';
import { BranchlineError, type Logger } from '@branchline/shared';
import type { BranchConnector } from '../../connector/index.js';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { Reply, Turn } from '../../conversation/types.js';
import type { Outbox } from '../../outbox/index.js';
import type { AgentAccounts, AgentProfile, AuditLog } from '../accounts/index.js';
import { isCentral, OverflowDesk, type OverflowLink } from '../overflow/index.js';
import type { AgentQueue, Presence } from '../queue/index.js';
import { asTier, type HandoffRow, HandoffStore, queuedOf } from './handoff-store.js';
import { handoffTerms, joinedText, waitingText } from './handoff-terms.js';
import { parseWrapUp, recordWrapUp } from './wrap-up.js';

export interface ConsoleEvent {
  type: 'queue' | 'conversation';
  data: Record<string, unknown>;
}

export interface HumanDeskDeps {
  handoffs: HandoffStore;
  queue: AgentQueue;
  accounts: AgentAccounts;
  audit: AuditLog;
  outbox: Outbox;
  connector: BranchConnector;
  conversations: ConversationService;
  /** Intent labels the agent may pick as the right one at wrap-up; empty means any. */
  intents(): string[];
  log: Logger;
  /** Central overflow: conversations waiting longer than the fleet's limit are offered to the core's agents. */
  overflow?: { edgeId: string; link: OverflowLink; maxWaitMs(): number; reclaimAfterMs: number };
}

/**
 * The branch's human side: hand-offs from the turn pipeline wait in the queue (kept in SQLite and
 * rebuilt at start), agents accept them from the console, talk to the customer directly, transfer
 * and wrap up. Customers see their place and estimated wait as the queue moves; every agent action
 * is audited, and each wrap-up becomes a tokenized feedback event for training.
 */
export class HumanDesk {
  private readonly events = new EventEmitter();
  private broadcastPending = false;
  private readonly timer: NodeJS.Timeout;
  readonly overflow: OverflowDesk | undefined;

  constructor(private readonly deps: HumanDeskDeps) {
    this.events.setMaxListeners(0);
    this.overflow = deps.overflow
      ? new OverflowDesk({
          ...deps,
          ...deps.overflow,
          queueChanged: () => this.changed(),
          conversationChanged: (conversationId) =>
            this.notify({ type: 'conversation', data: { conversationId } }),
        })
      : undefined;
    for (const agent of deps.accounts.list()) this.ensureAgent(agent);
    this.restore();
    // Waits age and agents free up between changes: customers' estimates are refreshed anyway.
    this.timer = setInterval(() => this.changed(), 20_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.overflow?.stop();
  }

  /** Rebuilds the queue from the open hand-offs, in their original order and with their agents. */
  private restore(): void {
    const open = this.deps.handoffs
      .openOnes()
      .sort((a, b) => a.enqueuedAt.getTime() - b.enqueuedAt.getTime());
    for (const row of open) {
      if (isCentral(row.agentId)) {
        if (this.overflow) {
          this.overflow.restored(row);
          continue;
        }
        // Overflow was turned off meanwhile: the customer waits for the branch instead.
        this.deps.handoffs.update(row.id, { status: 'waiting', agentId: null, assignedAt: null });
        row.status = 'waiting';
      }
      this.deps.queue.enqueue(queuedOf(row));
      if (row.status !== 'assigned' || !row.agentId || !this.deps.queue.agent(row.agentId)) continue;
      // An agent is `away` after a restart; their conversations stay theirs all the same.
      const agent = this.deps.queue.agent(row.agentId);
      const presence = agent?.presence ?? 'away';
      try {
        this.deps.queue.setPresence(row.agentId, 'available');
        this.deps.queue.assign(row.agentId, row.conversationId);
      } catch (error) {
        this.deps.log.warn(
          { err: error, conversationId: row.conversationId },
          'hand-off returned to the queue',
        );
        this.deps.handoffs.update(row.id, { status: 'waiting', agentId: null, assignedAt: null });
      } finally {
        this.deps.queue.setPresence(row.agentId, presence);
      }
    }
    if (open.length > 0) this.deps.log.info({ handoffs: open.length }, 'open hand-offs restored');
  }

  ensureAgent(agent: AgentProfile): void {
    if (this.deps.queue.agent(agent.id)) return;
    this.deps.queue.addAgent({
      agentId: agent.id,
      name: agent.displayName,
      languages: agent.languages as ('zh-CN' | 'en')[],
      skills: agent.skills,
      maxConcurrent: agent.maxConcurrent,
    });
  }

  subscribe(listener: (event: ConsoleEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  private notify(event: ConsoleEvent): void {
    this.events.emit('event', event);
  }

  /** Coalesces changes: consoles re-read the queue, waiting customers get their new place. */
  private changed(): void {
    if (this.broadcastPending) return;
    this.broadcastPending = true;
    setImmediate(() => {
      this.broadcastPending = false;
      this.notify({ type: 'queue', data: {} });
      const waitingList = this.deps.queue.list();
      this.overflow?.review(waitingList);
      for (const waiting of waitingList) {
        this.deps.conversations.publishLive(waiting.conversationId, {
          type: 'queue',
          data: { position: waiting.position, estimatedWaitMs: waiting.estimatedWaitMs },
        });
      }
    });
  }

  /** Whether a person has (or is about to have) this conversation: the AI then stays quiet. */
  withHuman(conversationId: string): boolean {
    return this.deps.handoffs.current(conversationId) !== undefined;
  }

  /** A customer wrote while a person has the conversation: their console shows it. */
  customerWrote(conversationId: string): void {
    this.overflow?.customerWrote(conversationId);
    this.notify({ type: 'conversation', data: { conversationId } });
  }

  /** The reply of a turn the router gave to a person: it joins the queue (once) and learns its place. */
  async handOver(turn: Turn): Promise<Reply> {
    const reason = turn.decision?.reason ?? 'requested';
    let row = this.deps.handoffs.current(turn.conversationId);
    if (!row) {
      const profile = turn.customerRef ? await this.deps.connector.profile(turn.customerRef) : undefined;
      const terms = handoffTerms(reason);
      row = this.deps.handoffs.open({
        conversationId: turn.conversationId,
        reason,
        severity: terms.severity,
        valueTier: asTier(profile?.tier),
        language: turn.locale,
        skills: terms.skills,
        enqueuedAt: new Date(),
      });
      this.deps.queue.enqueue(queuedOf(row));
      this.deps.audit.record({
        agentId: null,
        action: 'handoff.requested',
        conversationId: turn.conversationId,
        detail: { reason, severity: terms.severity },
      });
      this.deps.log.info(
        { conversationId: turn.conversationId, reason, severity: terms.severity },
        'handed to the agent queue',
      );
      this.changed();
    }
    const position = this.deps.queue.position(turn.conversationId) ?? 1;
    const wait = this.deps.queue.waiting(turn.conversationId)
      ? this.deps.queue.estimatedWait(turn.conversationId)
      : 0;
    return {
      text: waitingText(turn.locale, position, wait),
      handledBy: 'human',
      citations: [],
      available: true,
      outcome: { handoff: reason, position, estimatedWaitMs: wait },
    };
  }

  setPresence(agent: AgentProfile, presence: Presence): Presence {
    this.ensureAgent(agent);
    const view = this.deps.queue.setPresence(agent.id, presence);
    this.deps.audit.record({ agentId: agent.id, action: 'presence.changed', detail: { presence } });
    this.changed();
    return view.presence;
  }

  waitingCount(): number {
    return this.deps.queue.size;
  }

  presence(agentId: string): Presence {
    return this.deps.queue.agent(agentId)?.presence ?? 'away';
  }

  /** The queue as an agent's console shows it; their own conversations with the customer's name. */
  async view(agent: AgentProfile) {
    this.ensureAgent(agent);
    const waiting = this.deps.queue.list().map((w) => ({
      conversationId: w.conversationId,
      reason: w.reason,
      severity: w.severity,
      valueTier: w.valueTier,
      language: w.language,
      skills: w.skills,
      position: w.position,
      waitedMs: w.waitedMs,
      estimatedWaitMs: w.estimatedWaitMs,
      offeredToOverflow: this.overflow?.isOffered(w.conversationId) ?? false,
    }));
    const mine = this.deps.handoffs
      .openOnes()
      .filter((h) => h.status === 'assigned' && h.agentId === agent.id)
      .map((h) => ({
        conversationId: h.conversationId,
        reason: h.reason,
        assignedAt: h.assignedAt?.toISOString(),
      }));
    const named = await Promise.all(
      mine.map(async (m) => {
        const ref = this.deps.conversations.customerOf(m.conversationId);
        const profile = ref ? await this.deps.connector.profile(ref) : undefined;
        return { ...m, customerName: profile?.name ?? null };
      }),
    );
    const agents = this.deps.queue.agents().map((a) => ({
      id: a.agentId,
      displayName: a.name,
      presence: a.presence,
      active: a.active.size,
      freeSlots: a.freeSlots,
    }));
    return { waiting, mine: named, agents };
  }

  /** The open hand-off of a conversation this agent may work on; others' are not theirs to see. */
  requireOwn(agent: AgentProfile, conversationId: string): HandoffRow {
    const row = this.deps.handoffs.current(conversationId);
    if (!row) throw new BranchlineError('not_found', `conversation ${conversationId} is not with the agents`);
    if (row.status === 'assigned' && row.agentId !== agent.id && agent.role !== 'supervisor')
      throw new BranchlineError('forbidden', `conversation ${conversationId} is with another agent`);
    return row;
  }

  current(conversationId: string): HandoffRow | undefined {
    return this.deps.handoffs.current(conversationId);
  }

  accept(agent: AgentProfile, conversationId: string): HandoffRow {
    this.ensureAgent(agent);
    const row = this.deps.handoffs.current(conversationId);
    if (!row) throw new BranchlineError('not_found', `conversation ${conversationId} is not waiting`);
    if (row.status !== 'waiting')
      throw new BranchlineError('failed_precondition', `conversation ${conversationId} has been taken`);
    this.deps.queue.assign(agent.id, conversationId);
    this.overflow?.withdraw(conversationId);
    const assignedAt = new Date();
    this.deps.handoffs.update(row.id, { status: 'assigned', agentId: agent.id, assignedAt });
    this.deps.audit.record({ agentId: agent.id, action: 'conversation.accepted', conversationId });
    const conversation = this.deps.conversations.view(conversationId);
    this.deps.conversations.postSystemMessage(
      conversationId,
      joinedText(conversation.locale as 'zh-CN' | 'en', agent.displayName),
    );
    this.changed();
    this.notify({ type: 'conversation', data: { conversationId } });
    return { ...row, status: 'assigned', agentId: agent.id, assignedAt };
  }

  async reply(agent: AgentProfile, conversationId: string, text: unknown): Promise<void> {
    const row = this.requireOwn(agent, conversationId);
    if (row.status !== 'assigned' || row.agentId !== agent.id)
      throw new BranchlineError('failed_precondition', 'accept the conversation before replying');
    await this.deps.conversations.postAgentMessage(conversationId, text);
    this.deps.audit.record({ agentId: agent.id, action: 'message.sent', conversationId });
    this.notify({ type: 'conversation', data: { conversationId } });
  }

  transfer(agent: AgentProfile, conversationId: string, to: { toAgentId?: string; toQueue?: boolean }): void {
    const row = this.requireOwn(agent, conversationId);
    if (to.toQueue) {
      this.deps.queue.requeue(conversationId);
      this.deps.handoffs.update(row.id, { status: 'waiting', agentId: null, assignedAt: null });
    } else if (to.toAgentId) {
      const target = this.deps.accounts.get(to.toAgentId);
      if (!target) throw new BranchlineError('not_found', `no agent ${to.toAgentId}`);
      this.ensureAgent(target);
      this.deps.queue.transfer(conversationId, target.id);
      this.deps.handoffs.update(row.id, { status: 'assigned', agentId: target.id, assignedAt: new Date() });
      const conversation = this.deps.conversations.view(conversationId);
      this.deps.conversations.postSystemMessage(
        conversationId,
        joinedText(conversation.locale as 'zh-CN' | 'en', target.displayName),
      );
    } else {
      throw new BranchlineError('invalid_argument', 'transfer needs toAgentId or toQueue');
    }
    this.deps.audit.record({
      agentId: agent.id,
      action: 'conversation.transferred',
      conversationId,
      detail: to.toQueue ? { to: 'queue' } : { to: to.toAgentId },
    });
    // Taken by a branch agent, it leaves the central list; back in the queue, it shows as waiting.
    this.overflow?.publish(conversationId);
    this.changed();
    this.notify({ type: 'conversation', data: { conversationId } });
  }

  wrapUp(agent: AgentProfile, conversationId: string, input: unknown): void {
    const wrapUp = parseWrapUp(input, this.deps.intents());
    const row = this.requireOwn(agent, conversationId);
    if (row.status !== 'assigned' || row.agentId !== agent.id)
      throw new BranchlineError(
        'failed_precondition',
        'only the agent who has the conversation can wrap it up',
      );
    const handleTimeMs = this.deps.queue.release(agent.id, conversationId);
    recordWrapUp(this.deps, row, agent.id, handleTimeMs, wrapUp);
    this.changed();
    this.notify({ type: 'conversation', data: { conversationId } });
  }

  /** Erasure: the customer's hand-offs leave the queue and the database, in the caller's commit. */
  erase(conversationIds: readonly string[]): void {
    for (const id of conversationIds) {
      const row = this.deps.handoffs.current(id);
      if (row?.status === 'waiting') this.deps.queue.remove(id);
      else if (row?.status === 'assigned' && row.agentId && !isCentral(row.agentId))
        this.deps.queue.release(row.agentId, id);
    }
    this.overflow?.erase(conversationIds);
    if (this.deps.handoffs.deleteFor(conversationIds) > 0) this.changed();
  }

  /**
   * The customer ended the conversation. Waiting, they leave the queue; with an agent, the agent
   * still wraps it up, and sees that it ended.
   */
  customerLeft(conversationId: string): void {
    const row = this.deps.handoffs.current(conversationId);
    if (!row) return;
    if (row.status === 'waiting') {
      this.deps.queue.remove(conversationId);
      this.deps.handoffs.update(row.id, {
        status: 'wrapped',
        wrappedAt: new Date(),
        disposition: 'customer_left',
      });
      this.deps.audit.record({ agentId: null, action: 'handoff.abandoned', conversationId });
      this.changed();
    }
    this.overflow?.customerLeft(conversationId);
    this.notify({ type: 'conversation', data: { conversationId } });
  }
}

export { HandoffStore };

import { QueueError } from './errors.js';
import { Priority, type PriorityOptions } from './priority.js';
import { SortedList } from './sorted.js';
import {
  type Agent,
  type AgentProfile,
  type Assignment,
  type Locale,
  locales,
  type Presence,
  presences,
  type QueuedConversation,
  type Severity,
  severities,
  type ValueTier,
  valueTiers,
  type WaitingConversation,
} from './types.js';

export interface AgentQueueOptions extends PriorityOptions {
  /** Epoch ms; injected so tests and replays are deterministic. */
  clock?: () => number;
  /** Handle time assumed before any conversation has been released. Default 4 minutes. */
  initialHandleTimeMs?: number;
  /**
   * Weight of the newest handle time in the moving average (0 < w <= 1). Default 0.2: the estimate
   * follows a shift in the kind of work within ten or so conversations without jumping on one outlier.
   */
  handleTimeSmoothing?: number;
}

export interface EnqueueInput {
  conversationId: string;
  /** Defaults to now; pass the original time when the conversation asked for a human earlier. */
  enqueuedAt?: number;
  reason: string;
  severity: Severity;
  /** Defaults to 'standard', the tier of a customer the branch connector does not know. */
  valueTier?: ValueTier;
  language: Locale;
  skills?: readonly string[];
}

/** What an agent may change on a conversation it hands back; everything else, `enqueuedAt` above all, stays. */
export type RequeueChanges = Partial<Pick<EnqueueInput, 'reason' | 'severity' | 'skills' | 'language'>>;

export interface AgentInput extends AgentProfile {
  /** Defaults to 'away' so an agent is offered nothing until they say they are ready. */
  presence?: Presence;
}

export interface AgentView extends Agent {
  readonly freeSlots: number;
}

export const defaultHandleTimeMs = 4 * 60_000;
const defaultHandleTimeSmoothing = 0.2;

/** Waiting conversations that need the same language and skills: the unit of eligibility. */
interface QueueClass {
  readonly id: string;
  readonly language: Locale;
  readonly skills: readonly string[];
  /** Best first. */
  readonly entries: SortedList<Entry>;
  /** Scratch for `list()`: this class's index in the pass. */
  slot: number;
  /** Scratch for `estimatedWait()`: whether the conversation's agents could take this class too. */
  competes: boolean;
}

interface Entry {
  readonly conversation: WaitingConversation;
  /** Virtual arrival (see `Priority`): earliest is served first, and it never changes while waiting. */
  readonly key: number;
  readonly seq: number;
  readonly cls: QueueClass;
}

interface AgentState {
  agentId: string;
  name: string;
  languages: readonly Locale[];
  skills: readonly string[];
  maxConcurrent: number;
  presence: Presence;
  readonly active: Set<string>;
  languageSet: ReadonlySet<Locale>;
  skillSet: ReadonlySet<string>;
  /** Classes this agent qualifies for, valid while `classesVersion` matches the queue's. */
  classes: QueueClass[];
  classesVersion: number;
}

interface MutableAssignment {
  agentId: string;
  conversation: WaitingConversation;
  assignedAt: number;
}

/** Negative when `a` is served before `b`; total, since `seq` is unique. */
const compareEntries = (a: Entry, b: Entry) =>
  a.key - b.key || a.conversation.enqueuedAt - b.conversation.enqueuedAt || a.seq - b.seq;

const serves = (agent: AgentState, cls: QueueClass) =>
  agent.languageSet.has(cls.language) && cls.skills.every((s) => agent.skillSet.has(s));

const freeSlots = (agent: AgentState) => Math.max(0, agent.maxConcurrent - agent.active.size);

const canTakeMore = (agent: AgentState) => agent.presence === 'available' && freeSlots(agent) > 0;

/**
 * The edge's queue of conversations waiting for a human agent, and the agents who take them.
 * Pure, synchronous and in memory: the caller owns persistence and notifications, and passes time
 * in through `clock`.
 *
 * Order: see `Priority`. Agents pull: `nextFor` offers the best conversation the agent is eligible
 * for and `assign` takes it; `assign` also accepts any other eligible conversation, so a supervisor
 * or an agent who picks from `list()` is not second-guessed.
 *
 * Costs with n waiting, k distinct (language, skills) classes, a agents: enqueue/remove/assign
 * O(log n + 64) (see `SortedList`), nextFor O(k), position O(log n + n/64),
 * estimatedWait O(position + a*k), list O(n + a*k^2).
 */
export class AgentQueue {
  readonly priority: Priority;
  private readonly clock: () => number;
  private readonly smoothing: number;
  private handleTimeMs: number;
  /** Every waiting entry, best first. */
  private readonly order = new SortedList<Entry>(compareEntries);
  private readonly waitingById = new Map<string, Entry>();
  private readonly assignments = new Map<string, MutableAssignment>();
  private readonly classes = new Map<string, QueueClass>();
  private classesVersion = 0;
  private readonly agentsById = new Map<string, AgentState>();
  private seq = 0;

  constructor(options: AgentQueueOptions = {}) {
    this.priority = new Priority(options);
    this.clock = options.clock ?? Date.now;
    this.handleTimeMs = options.initialHandleTimeMs ?? defaultHandleTimeMs;
    this.smoothing = options.handleTimeSmoothing ?? defaultHandleTimeSmoothing;
    if (!(Number.isFinite(this.handleTimeMs) && this.handleTimeMs > 0)) {
      throw new QueueError('invalid', 'initialHandleTimeMs must be a positive number');
    }
    if (!(this.smoothing > 0 && this.smoothing <= 1)) {
      throw new QueueError('invalid', 'handleTimeSmoothing must be in (0, 1]');
    }
  }

  /** Conversations waiting. */
  get size(): number {
    return this.order.size;
  }

  /** The moving average of handle times that `estimatedWait` plans with. */
  get averageHandleTimeMs(): number {
    return this.handleTimeMs;
  }

  // ---- agents

  addAgent(input: AgentInput): AgentView {
    if (typeof input.agentId !== 'string' || input.agentId === '') {
      throw new QueueError('invalid', 'agentId must be a non-empty string');
    }
    if (this.agentsById.has(input.agentId)) {
      throw new QueueError('agent_exists', `agent ${input.agentId} already exists`);
    }
    const agent: AgentState = {
      agentId: input.agentId,
      name: input.name,
      languages: [],
      skills: [],
      maxConcurrent: 1,
      presence: input.presence ?? 'away',
      active: new Set(),
      languageSet: new Set(),
      skillSet: new Set(),
      classes: [],
      classesVersion: -1,
    };
    this.applyProfile(agent, input);
    if (!presences.includes(agent.presence)) {
      throw new QueueError('invalid', `unknown presence ${agent.presence}`);
    }
    this.agentsById.set(agent.agentId, agent);
    return view(agent);
  }

  /** Changes what the agent can take; conversations already held stay even if no longer eligible. */
  updateAgent(agentId: string, changes: Partial<Omit<AgentProfile, 'agentId'>>): AgentView {
    const agent = this.requireAgent(agentId);
    this.applyProfile(agent, { ...agent, ...changes });
    return view(agent);
  }

  /** An agent can only leave once their conversations are released, requeued or transferred. */
  removeAgent(agentId: string): void {
    const agent = this.requireAgent(agentId);
    if (agent.active.size > 0) {
      throw new QueueError(
        'agent_has_conversations',
        `agent ${agentId} still holds ${agent.active.size} conversation(s)`,
      );
    }
    this.agentsById.delete(agentId);
  }

  setPresence(agentId: string, presence: Presence): AgentView {
    const agent = this.requireAgent(agentId);
    if (!presences.includes(presence)) throw new QueueError('invalid', `unknown presence ${presence}`);
    agent.presence = presence;
    return view(agent);
  }

  agent(agentId: string): AgentView | undefined {
    const agent = this.agentsById.get(agentId);
    return agent ? view(agent) : undefined;
  }

  agents(): AgentView[] {
    return [...this.agentsById.values()].map(view);
  }

  // ---- waiting conversations

  enqueue(input: EnqueueInput): WaitingConversation {
    const id = input.conversationId;
    if (this.waitingById.has(id)) {
      throw new QueueError('already_queued', `conversation ${id} is already waiting`);
    }
    if (this.assignments.has(id)) {
      throw new QueueError('already_assigned', `conversation ${id} is with an agent; requeue it instead`);
    }
    const conversation = normalize(input, this.clock());
    this.insert(conversation);
    return conversation;
  }

  /** The customer left or the conversation ended before an agent took it. False when it was not waiting. */
  remove(conversationId: string): boolean {
    const entry = this.waitingById.get(conversationId);
    if (!entry) return false;
    this.detach(entry);
    return true;
  }

  /**
   * An agent hands the conversation back (wrong skill, shift over). It keeps its original
   * `enqueuedAt`, so it returns with all the priority it had gained by waiting. No handle time is
   * recorded: the conversation is not done, and a short hand-back would drag the average down.
   */
  requeue(conversationId: string, changes: RequeueChanges = {}): WaitingConversation {
    const assignment = this.requireAssignment(conversationId);
    const merged: EnqueueInput = { ...assignment.conversation };
    for (const [field, value] of Object.entries(changes)) {
      // An explicit undefined means "unchanged", not "clear the skills".
      if (value !== undefined) Object.assign(merged, { [field]: value });
    }
    const conversation = normalize(merged, this.clock());
    this.agentsById.get(assignment.agentId)?.active.delete(conversationId);
    this.assignments.delete(conversationId);
    this.insert(conversation);
    return conversation;
  }

  waiting(conversationId: string): WaitingConversation | undefined {
    return this.waitingById.get(conversationId)?.conversation;
  }

  assignment(conversationId: string): Assignment | undefined {
    const a = this.assignments.get(conversationId);
    return a ? { ...a } : undefined;
  }

  // ---- matching

  /** The best waiting conversation this agent could take now, without taking it. */
  nextFor(agentId: string): WaitingConversation | undefined {
    const agent = this.requireAgent(agentId);
    if (!canTakeMore(agent)) return undefined;
    let best: Entry | undefined;
    for (const cls of this.classesFor(agent)) {
      const top = cls.entries.first();
      if (top && (!best || compareEntries(top, best) < 0)) best = top;
    }
    return best?.conversation;
  }

  /** Gives a waiting conversation to an agent who is eligible for it. */
  assign(agentId: string, conversationId: string): Assignment {
    const agent = this.requireAgent(agentId);
    const entry = this.waitingById.get(conversationId);
    if (!entry) {
      if (this.assignments.has(conversationId)) {
        throw new QueueError('already_assigned', `conversation ${conversationId} is already with an agent`);
      }
      throw new QueueError('unknown_conversation', `conversation ${conversationId} is not waiting`);
    }
    this.checkEligible(agent, entry.conversation);
    this.detach(entry);
    return this.give(agent, entry.conversation);
  }

  /**
   * Wrap-up done: frees the agent's slot and feeds the real handle time into the moving average.
   * Returns that handle time.
   */
  release(agentId: string, conversationId: string): number {
    const agent = this.requireAgent(agentId);
    const assignment = this.requireAssignment(conversationId);
    if (assignment.agentId !== agentId) {
      throw new QueueError(
        'not_assigned_to_agent',
        `conversation ${conversationId} is with agent ${assignment.agentId}, not ${agentId}`,
      );
    }
    const handleTimeMs = Math.max(0, this.clock() - assignment.assignedAt);
    this.handleTimeMs += this.smoothing * (handleTimeMs - this.handleTimeMs);
    agent.active.delete(conversationId);
    this.assignments.delete(conversationId);
    return handleTimeMs;
  }

  /**
   * Puts a conversation straight with a named agent, from the queue or from another agent, under
   * the same eligibility rules as `assign`. Handle time restarts with the new agent: what the
   * average plans with is one agent's time on a conversation.
   */
  transfer(conversationId: string, toAgentId: string): Assignment {
    const agent = this.requireAgent(toAgentId);
    if (this.waitingById.has(conversationId)) return this.assign(toAgentId, conversationId);
    const assignment = this.requireAssignment(conversationId);
    if (assignment.agentId === toAgentId) {
      throw new QueueError('already_assigned', `conversation ${conversationId} is already with ${toAgentId}`);
    }
    this.checkEligible(agent, assignment.conversation);
    this.agentsById.get(assignment.agentId)?.active.delete(conversationId);
    this.assignments.delete(conversationId);
    return this.give(agent, assignment.conversation);
  }

  // ---- reporting

  /** 1-based place in the queue, or undefined when the conversation is not waiting. */
  position(conversationId: string): number | undefined {
    const entry = this.waitingById.get(conversationId);
    return entry ? this.order.indexOf(entry) + 1 : undefined;
  }

  /**
   * Estimated milliseconds until an agent could take this conversation, or null when no available
   * agent speaks its language and has its skills. See `estimateWait` for the formula.
   */
  estimatedWait(conversationId: string): number | null {
    const entry = this.waitingById.get(conversationId);
    if (!entry) throw new QueueError('unknown_conversation', `conversation ${conversationId} is not waiting`);
    for (const cls of this.classes.values()) cls.competes = false;
    let eligible = 0;
    let capacity = 0;
    let free = 0;
    for (const agent of this.agentsById.values()) {
      if (agent.presence !== 'available') continue;
      const served = this.classesFor(agent);
      if (!served.includes(entry.cls)) continue;
      eligible++;
      capacity += agent.maxConcurrent;
      free += freeSlots(agent);
      // Marked once per class up front, so the scan ahead reads one flag per conversation.
      for (const cls of served) cls.competes = true;
    }
    if (eligible === 0) return null;
    let ahead = 0;
    scan: for (const chunk of this.order.chunks) {
      for (const other of chunk) {
        if (other === entry) break scan;
        if (other.cls.competes) ahead++;
      }
    }
    return estimateWait(ahead, free, capacity, this.handleTimeMs);
  }

  /** Every waiting conversation, best first, with its score, position and estimated wait. */
  list(): QueuedConversation[] {
    const now = this.clock();
    const classes = [...this.classes.values()];
    const k = classes.length;
    classes.forEach((cls, i) => {
      cls.slot = i;
    });
    const agents = new Int32Array(k);
    const capacity = new Int32Array(k);
    const free = new Int32Array(k);
    // competes[x*k + y]: some available agent could take both class x and class y, so a y ahead of
    // an x uses up a slot the x was waiting for.
    const competes = new Uint8Array(k * k);
    for (const agent of this.agentsById.values()) {
      if (agent.presence !== 'available') continue;
      const served = this.classesFor(agent);
      const slots = freeSlots(agent);
      for (const x of served) {
        agents[x.slot] = (agents[x.slot] ?? 0) + 1;
        capacity[x.slot] = (capacity[x.slot] ?? 0) + agent.maxConcurrent;
        free[x.slot] = (free[x.slot] ?? 0) + slots;
        for (const y of served) competes[x.slot * k + y.slot] = 1;
      }
    }
    const competing: number[][] = classes.map((_, x) => {
      const ys: number[] = [];
      for (let y = 0; y < k; y++) if (competes[x * k + y]) ys.push(y);
      return ys;
    });
    const ahead = new Int32Array(k);
    const result: QueuedConversation[] = new Array(this.order.size);
    let i = 0;
    for (const chunk of this.order.chunks) {
      for (const entry of chunk) {
        const x = entry.cls.slot;
        const c = entry.conversation;
        const eligibleAgents = agents[x] ?? 0;
        result[i] = {
          conversationId: c.conversationId,
          enqueuedAt: c.enqueuedAt,
          reason: c.reason,
          severity: c.severity,
          valueTier: c.valueTier,
          language: c.language,
          skills: c.skills,
          position: i + 1,
          score: this.priority.score(c, now),
          waitedMs: Math.max(0, now - c.enqueuedAt),
          estimatedWaitMs:
            eligibleAgents === 0
              ? null
              : estimateWait(ahead[x] ?? 0, free[x] ?? 0, capacity[x] ?? 0, this.handleTimeMs),
          eligibleAgents,
        };
        for (const y of competing[x] ?? []) ahead[y] = (ahead[y] ?? 0) + 1;
        i++;
      }
    }
    return result;
  }

  // ---- internals

  private insert(conversation: WaitingConversation) {
    const cls = this.classOf(conversation);
    const entry: Entry = {
      conversation,
      key: this.priority.virtualArrival(conversation),
      seq: this.seq++,
      cls,
    };
    cls.entries.insert(entry);
    this.order.insert(entry);
    this.waitingById.set(conversation.conversationId, entry);
  }

  private detach(entry: Entry) {
    this.order.remove(entry);
    entry.cls.entries.remove(entry);
    this.waitingById.delete(entry.conversation.conversationId);
    // Dropping empty classes keeps agents' class lists short when skill combinations come and go.
    if (entry.cls.entries.size === 0) {
      this.classes.delete(entry.cls.id);
      this.classesVersion++;
    }
  }

  private give(agent: AgentState, conversation: WaitingConversation): Assignment {
    const assignment = { agentId: agent.agentId, conversation, assignedAt: this.clock() };
    agent.active.add(conversation.conversationId);
    this.assignments.set(conversation.conversationId, assignment);
    return { ...assignment };
  }

  private classOf(c: WaitingConversation): QueueClass {
    const id = `${c.language}|${c.skills.join('\u0000')}`;
    let cls = this.classes.get(id);
    if (!cls) {
      cls = {
        id,
        language: c.language,
        skills: c.skills,
        entries: new SortedList(compareEntries),
        slot: 0,
        competes: false,
      };
      this.classes.set(id, cls);
      this.classesVersion++;
    }
    return cls;
  }

  private classesFor(agent: AgentState): QueueClass[] {
    if (agent.classesVersion !== this.classesVersion) {
      agent.classes = [];
      for (const cls of this.classes.values()) if (serves(agent, cls)) agent.classes.push(cls);
      agent.classesVersion = this.classesVersion;
    }
    return agent.classes;
  }

  private checkEligible(agent: AgentState, c: WaitingConversation) {
    const who = `agent ${agent.agentId}`;
    if (agent.presence !== 'available') {
      throw new QueueError('agent_not_available', `${who} is ${agent.presence}`);
    }
    if (freeSlots(agent) === 0) {
      throw new QueueError('agent_at_capacity', `${who} already holds ${agent.active.size} conversation(s)`);
    }
    if (!agent.languageSet.has(c.language)) {
      throw new QueueError('language_not_spoken', `${who} does not speak ${c.language}`);
    }
    const missing = c.skills.filter((s) => !agent.skillSet.has(s));
    if (missing.length > 0) {
      throw new QueueError('missing_skills', `${who} lacks ${missing.join(', ')}`);
    }
  }

  private applyProfile(agent: AgentState, p: Omit<AgentProfile, 'agentId'>) {
    if (typeof p.name !== 'string') throw new QueueError('invalid', 'name must be a string');
    if (!Array.isArray(p.languages) || !p.languages.every((l) => locales.includes(l))) {
      throw new QueueError('invalid', `languages must be among ${locales.join(', ')}`);
    }
    if (!Number.isInteger(p.maxConcurrent) || p.maxConcurrent < 1) {
      throw new QueueError('invalid', 'maxConcurrent must be an integer of at least 1');
    }
    agent.name = p.name;
    agent.languages = Object.freeze([...new Set(p.languages)]);
    agent.skills = normalizeSkills(p.skills);
    agent.maxConcurrent = p.maxConcurrent;
    agent.languageSet = new Set(agent.languages);
    agent.skillSet = new Set(agent.skills);
    agent.classesVersion = -1;
  }

  private requireAgent(agentId: string): AgentState {
    const agent = this.agentsById.get(agentId);
    if (!agent) throw new QueueError('unknown_agent', `no agent ${agentId}`);
    return agent;
  }

  private requireAssignment(conversationId: string): MutableAssignment {
    const assignment = this.assignments.get(conversationId);
    if (assignment) return assignment;
    if (this.waitingById.has(conversationId)) {
      throw new QueueError('already_queued', `conversation ${conversationId} is waiting, not with an agent`);
    }
    throw new QueueError('unknown_conversation', `no conversation ${conversationId}`);
  }
}

/**
 * Estimated wait for one conversation, from the agents who could take it (available, its language,
 * all its skills):
 *
 *   ahead    = waiting conversations ranked before it that at least one of those agents could take
 *   free     = their free slots now,   capacity = their total slots (sum of maxConcurrent)
 *   needed   = ahead - free + 1        (slots that must open before its turn)
 *   wait     = needed <= 0 ? 0 : ceil(needed * averageHandleTime / capacity)
 *
 * With every slot busy, a slot opens on average every averageHandleTime / capacity (exact for
 * memoryless handle times), so the needed-th opening is that far out. It leans long on purpose:
 * every competing conversation ahead is charged to these agents even when others could take it,
 * and agents who are busy or away are not counted on to come back. Customers told "about 3
 * minutes" mind being served late more than early.
 */
export function estimateWait(
  ahead: number,
  free: number,
  capacity: number,
  averageHandleTimeMs: number,
): number {
  const needed = ahead - free + 1;
  if (needed <= 0 || capacity <= 0) return 0;
  return Math.ceil((needed * averageHandleTimeMs) / capacity);
}

function view(agent: AgentState): AgentView {
  return {
    agentId: agent.agentId,
    name: agent.name,
    languages: agent.languages,
    skills: agent.skills,
    maxConcurrent: agent.maxConcurrent,
    presence: agent.presence,
    active: new Set(agent.active),
    freeSlots: freeSlots(agent),
  };
}

function normalizeSkills(skills: readonly string[] | undefined): readonly string[] {
  if (skills === undefined) return Object.freeze([]);
  if (!Array.isArray(skills) || !skills.every((s) => typeof s === 'string' && s !== '')) {
    throw new QueueError('invalid', 'skills must be non-empty strings');
  }
  return Object.freeze([...new Set(skills)].sort());
}

function normalize(input: EnqueueInput, now: number): WaitingConversation {
  const enqueuedAt = input.enqueuedAt ?? now;
  const valueTier = input.valueTier ?? 'standard';
  if (typeof input.conversationId !== 'string' || input.conversationId === '') {
    throw new QueueError('invalid', 'conversationId must be a non-empty string');
  }
  if (!Number.isFinite(enqueuedAt)) throw new QueueError('invalid', 'enqueuedAt must be epoch milliseconds');
  if (typeof input.reason !== 'string') throw new QueueError('invalid', 'reason must be a string');
  if (!severities.includes(input.severity)) {
    throw new QueueError('invalid', `unknown severity ${input.severity}`);
  }
  if (!valueTiers.includes(valueTier)) throw new QueueError('invalid', `unknown value tier ${valueTier}`);
  if (!locales.includes(input.language)) {
    throw new QueueError('invalid', `unknown language ${input.language}`);
  }
  return Object.freeze({
    conversationId: input.conversationId,
    enqueuedAt,
    reason: input.reason,
    severity: input.severity,
    valueTier,
    language: input.language,
    skills: normalizeSkills(input.skills),
  });
}

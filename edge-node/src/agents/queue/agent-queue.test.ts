import { BranchlineError } from '@branchline/shared';
import { describe, expect, it } from 'vitest';
import {
  type AgentInput,
  AgentQueue,
  type AgentQueueOptions,
  defaultSeverityWeights,
  defaultTierWeights,
  type EnqueueInput,
  QueueError,
  type QueueErrorReason,
  type Severity,
  severities,
  type ValueTier,
  valueTiers,
} from './index.js';

const minute = 60_000;
const t0 = Date.UTC(2025, 0, 6, 9, 0, 0);

function setup(options: AgentQueueOptions = {}) {
  const clock = { now: t0 };
  const queue = new AgentQueue({ clock: () => clock.now, ...options });
  let n = 0;
  const enqueue = (over: Partial<EnqueueInput> = {}) =>
    queue.enqueue({
      conversationId: `c${++n}`,
      reason: 'complaint',
      severity: 'normal',
      language: 'zh-CN',
      ...over,
    });
  const agent = (agentId: string, over: Partial<AgentInput> = {}) =>
    queue.addAgent({
      agentId,
      name: agentId,
      languages: ['zh-CN', 'en'],
      skills: ['complaints', 'loans', 'cards'],
      maxConcurrent: 1,
      presence: 'available',
      ...over,
    });
  const advance = (ms: number) => {
    clock.now += ms;
  };
  return { queue, clock, enqueue, agent, advance };
}

function expectQueueError(fn: () => unknown, reason: QueueErrorReason, code: string) {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(BranchlineError);
  expect(caught).toBeInstanceOf(QueueError);
  expect((caught as QueueError).reason).toBe(reason);
  expect((caught as QueueError).code).toBe(code);
}

const ids = (queue: AgentQueue) => queue.list().map((q) => q.conversationId);

describe('priority', () => {
  it('serves higher value tiers first at equal severity and wait', () => {
    const { queue, enqueue } = setup();
    const byTier = new Map<ValueTier, string>();
    // Enqueued lowest tier first so arrival order cannot be what sorts them.
    for (const valueTier of valueTiers) byTier.set(valueTier, enqueue({ valueTier }).conversationId);
    expect(ids(queue)).toEqual([...valueTiers].reverse().map((t) => byTier.get(t)));
  });

  it('serves higher severities first at equal tier and wait', () => {
    const { queue, enqueue } = setup();
    const bySeverity = new Map<Severity, string>();
    for (const severity of severities) bySeverity.set(severity, enqueue({ severity }).conversationId);
    expect(ids(queue)).toEqual([...severities].reverse().map((s) => bySeverity.get(s)));
  });

  it('treats a customer the connector does not know as standard', () => {
    const { queue, enqueue } = setup();
    expect(enqueue().valueTier).toBe('standard');
    expect(queue.list()[0]?.score).toBe(defaultTierWeights.standard + defaultSeverityWeights.normal);
  });

  it('lists in descending score with ties going to the earlier arrival', () => {
    const { queue, enqueue, advance } = setup();
    for (let i = 0; i < 40; i++) {
      enqueue({
        valueTier: valueTiers[i % valueTiers.length],
        severity: severities[(i * 7) % severities.length],
      });
      advance(37_000);
    }
    const list = queue.list();
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1], list[i]];
      if (!a || !b) throw new Error('list has holes');
      expect(a.score).toBeGreaterThanOrEqual(b.score);
      if (a.score === b.score) expect(a.enqueuedAt).toBeLessThanOrEqual(b.enqueuedAt);
      expect(b.position).toBe(i + 1);
    }
  });

  it('lets an old standard conversation overtake a newer gold one once it has waited long enough', () => {
    const { queue, enqueue, advance, agent } = setup();
    agent('a1');
    const headStartMin =
      (defaultTierWeights.gold - defaultTierWeights.standard) / queue.priority.ageingPerMinute;
    expect(headStartMin).toBeGreaterThan(0);

    const old = enqueue({ valueTier: 'standard' });
    advance(headStartMin * minute - 1);
    const earlyGold = enqueue({ valueTier: 'gold' });
    expect(queue.nextFor('a1')?.conversationId).toBe(earlyGold.conversationId);

    queue.remove(earlyGold.conversationId);
    advance(2);
    const lateGold = enqueue({ valueTier: 'gold' });
    expect(queue.nextFor('a1')?.conversationId).toBe(old.conversationId);
    const [first, second] = queue.list();
    expect(first?.conversationId).toBe(old.conversationId);
    expect(first?.score).toBeGreaterThan(second?.score ?? Number.POSITIVE_INFINITY);
    expect(second?.conversationId).toBe(lateGold.conversationId);
  });

  it('ages faster with a higher ageing rate', () => {
    const { queue, enqueue, advance } = setup({ ageingPerMinute: 4 });
    const old = enqueue({ valueTier: 'standard' });
    // Gold's head start is (gold - standard) / 4 minutes at this rate: 1 minute with the defaults.
    advance(((defaultTierWeights.gold - defaultTierWeights.standard) / 4) * minute + 1);
    enqueue({ valueTier: 'gold' });
    expect(ids(queue)[0]).toBe(old.conversationId);
  });

  it('scores grow with wait at the ageing rate', () => {
    const { queue, enqueue, advance } = setup({ ageingPerMinute: 0.5 });
    enqueue();
    const before = queue.list()[0]?.score ?? 0;
    advance(10 * minute);
    const after = queue.list()[0];
    expect((after?.score ?? 0) - before).toBeCloseTo(5, 9);
    expect(after?.waitedMs).toBe(10 * minute);
  });

  it('takes custom weights', () => {
    const { queue, enqueue } = setup({ tierWeights: { standard: 100 } });
    const standard = enqueue({ valueTier: 'standard' });
    enqueue({ valueTier: 'platinum' });
    expect(ids(queue)[0]).toBe(standard.conversationId);
  });

  it('rejects ageing that would let conversations starve', () => {
    expect(() => new AgentQueue({ ageingPerMinute: 0 })).toThrow(QueueError);
    expect(() => new AgentQueue({ tierWeights: { gold: Number.NaN } })).toThrow(QueueError);
  });
});

describe('eligibility', () => {
  it('offers only conversations in a language the agent speaks and with all its skills', () => {
    const { queue, enqueue, agent } = setup();
    agent('zh-cards', { languages: ['zh-CN'], skills: ['cards', 'complaints'] });
    const english = enqueue({ language: 'en', severity: 'critical', skills: ['complaints'] });
    const loans = enqueue({ severity: 'high', skills: ['complaints', 'loans'] });
    const fits = enqueue({ severity: 'low', skills: ['complaints'] });

    expect(queue.nextFor('zh-cards')?.conversationId).toBe(fits.conversationId);
    expectQueueError(
      () => queue.assign('zh-cards', english.conversationId),
      'language_not_spoken',
      'failed_precondition',
    );
    expectQueueError(
      () => queue.assign('zh-cards', loans.conversationId),
      'missing_skills',
      'failed_precondition',
    );
    queue.assign('zh-cards', fits.conversationId);
    // The refused ones are still waiting, untouched.
    expect(queue.position(english.conversationId)).toBe(1);
    expect(queue.position(loans.conversationId)).toBe(2);
  });

  it('ignores duplicate and unordered skills', () => {
    const { queue, enqueue, agent } = setup();
    agent('a1', { skills: ['loans', 'complaints'] });
    const c = enqueue({ skills: ['loans', 'complaints', 'loans'] });
    expect(c.skills).toEqual(['complaints', 'loans']);
    expect(queue.nextFor('a1')?.conversationId).toBe(c.conversationId);
  });

  it('never offers more than maxConcurrent and offers again once one is released', () => {
    const { queue, enqueue, agent } = setup();
    agent('a1', { maxConcurrent: 2 });
    const [c1, c2, c3] = [enqueue(), enqueue(), enqueue()];
    if (!c1 || !c2 || !c3) throw new Error('enqueue');
    queue.assign('a1', c1.conversationId);
    queue.assign('a1', c2.conversationId);
    expect(queue.agent('a1')?.freeSlots).toBe(0);
    expect(queue.nextFor('a1')).toBeUndefined();
    expectQueueError(() => queue.assign('a1', c3.conversationId), 'agent_at_capacity', 'failed_precondition');

    queue.release('a1', c1.conversationId);
    expect(queue.nextFor('a1')?.conversationId).toBe(c3.conversationId);
    expect([...(queue.agent('a1')?.active ?? [])]).toEqual([c2.conversationId]);
  });

  it('offers nothing to an agent who is away or busy, and resumes when available', () => {
    const { queue, enqueue, agent } = setup();
    agent('a1');
    const c = enqueue();
    for (const presence of ['away', 'busy'] as const) {
      queue.setPresence('a1', presence);
      expect(queue.nextFor('a1')).toBeUndefined();
      expectQueueError(
        () => queue.assign('a1', c.conversationId),
        'agent_not_available',
        'failed_precondition',
      );
    }
    queue.setPresence('a1', 'available');
    expect(queue.nextFor('a1')?.conversationId).toBe(c.conversationId);
  });

  it('starts agents away unless told otherwise', () => {
    const { queue } = setup();
    expect(
      queue.addAgent({ agentId: 'a', name: 'A', languages: ['en'], skills: [], maxConcurrent: 1 }).presence,
    ).toBe('away');
  });

  it('offers what a changed profile allows', () => {
    const { queue, enqueue, agent } = setup();
    agent('a1', { skills: ['complaints'] });
    const loans = enqueue({ skills: ['loans'] });
    expect(queue.nextFor('a1')).toBeUndefined();
    queue.updateAgent('a1', { skills: ['complaints', 'loans'] });
    expect(queue.nextFor('a1')?.conversationId).toBe(loans.conversationId);
  });

  it('picks the true best across skill groups for every agent (against brute force)', () => {
    const { queue, clock, enqueue, agent, advance } = setup();
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const skillSets = [[], ['complaints'], ['loans'], ['cards'], ['complaints', 'loans']];
    const agents = [
      agent('zh', { languages: ['zh-CN'], skills: ['complaints', 'cards'], maxConcurrent: 50 }),
      agent('en', { languages: ['en'], skills: ['loans', 'complaints'], maxConcurrent: 50 }),
      agent('both', { languages: ['zh-CN', 'en'], skills: ['loans'], maxConcurrent: 50 }),
    ];
    for (let step = 0; step < 400; step++) {
      advance(Math.floor(random() * 20_000));
      const roll = random();
      if (roll < 0.6 || queue.size === 0) {
        enqueue({
          valueTier: pick(valueTiers),
          severity: pick(severities),
          language: pick(['zh-CN', 'en'] as const),
          skills: pick(skillSets),
          // Some arrive with history (a late handover): arrival order is not enqueuedAt order.
          ...(random() < 0.2 ? { enqueuedAt: clock.now - Math.floor(random() * 10 * minute) } : {}),
        });
      } else if (roll < 0.8) {
        const a = pick(agents);
        const offered = queue.nextFor(a.agentId);
        if (offered) queue.assign(a.agentId, offered.conversationId);
      } else {
        queue.remove(pick(queue.list()).conversationId);
      }
      const list = queue.list();
      for (const a of agents) {
        const view = queue.agent(a.agentId);
        if (!view) throw new Error('agent');
        const eligible = list.filter(
          (c) => view.languages.includes(c.language) && c.skills.every((s) => view.skills.includes(s)),
        );
        const bestScore = Math.max(...eligible.map((c) => c.score));
        const offered = queue.nextFor(a.agentId);
        if (eligible.length === 0 || view.freeSlots === 0) expect(offered).toBeUndefined();
        else {
          const score = list.find((c) => c.conversationId === offered?.conversationId)?.score;
          expect(score).toBeCloseTo(bestScore, 9);
        }
      }
    }
  });
});

describe('requeue and transfer', () => {
  it('requeue keeps the original enqueuedAt and with it the priority gained by waiting', () => {
    const { queue, enqueue, agent, advance } = setup();
    agent('a1');
    const first = enqueue();
    advance(3 * minute);
    queue.assign('a1', first.conversationId);
    advance(5 * minute);
    const later = enqueue();
    advance(minute);

    const back = queue.requeue(first.conversationId, { skills: ['loans'] });
    expect(back.enqueuedAt).toBe(first.enqueuedAt);
    expect(back.skills).toEqual(['loans']);
    expect(queue.position(first.conversationId)).toBe(1);
    expect(queue.position(later.conversationId)).toBe(2);
    expect(queue.list()[0]?.waitedMs).toBe(9 * minute);
    expect(queue.agent('a1')?.active.size).toBe(0);
    expect(queue.assignment(first.conversationId)).toBeUndefined();
  });

  it('transfers from the queue or from another agent only to an eligible agent', () => {
    const { queue, enqueue, agent, advance } = setup();
    agent('a1');
    agent('en-only', { languages: ['en'] });
    agent('a2', { maxConcurrent: 2 });
    const c = enqueue();
    const behind = enqueue({ severity: 'low' });

    // Straight from the queue, skipping the one ahead: a supervisor's call, not the queue's.
    queue.transfer(behind.conversationId, 'a1');
    expect(queue.assignment(behind.conversationId)?.agentId).toBe('a1');

    queue.assign('a2', c.conversationId);
    expectQueueError(
      () => queue.transfer(c.conversationId, 'en-only'),
      'language_not_spoken',
      'failed_precondition',
    );
    expectQueueError(
      () => queue.transfer(c.conversationId, 'a1'),
      'agent_at_capacity',
      'failed_precondition',
    );
    expectQueueError(() => queue.transfer(c.conversationId, 'a2'), 'already_assigned', 'failed_precondition');
    expect(queue.assignment(c.conversationId)?.agentId).toBe('a2');

    queue.release('a1', behind.conversationId);
    advance(minute);
    const moved = queue.transfer(c.conversationId, 'a1');
    expect(moved.agentId).toBe('a1');
    expect(moved.assignedAt).toBe(t0 + minute);
    expect(queue.agent('a2')?.active.size).toBe(0);
    expect(queue.agent('a1')?.active.has(c.conversationId)).toBe(true);
  });
});

describe('estimated wait', () => {
  function busyBranch(agentCount: number) {
    const s = setup();
    const agents: string[] = [];
    for (let i = 0; i < agentCount; i++) agents.push(s.agent(`a${i}`, { maxConcurrent: 2 }).agentId);
    // Fill every slot so the queue has to wait for releases.
    for (const a of agents) {
      for (let j = 0; j < 2; j++) s.queue.assign(a, s.enqueue().conversationId);
    }
    const waiting = Array.from({ length: 12 }, () => s.enqueue());
    return { ...s, agents, waiting };
  }

  it('is zero while a free eligible slot exists', () => {
    const { queue, enqueue, agent } = setup();
    agent('a1', { maxConcurrent: 2 });
    const [c1, c2, c3] = [enqueue(), enqueue(), enqueue()];
    expect(queue.estimatedWait(c1.conversationId)).toBe(0);
    expect(queue.estimatedWait(c2.conversationId)).toBe(0);
    expect(queue.estimatedWait(c3.conversationId)).toBeGreaterThan(0);
  });

  it('grows with position and shrinks as conversations ahead are assigned', () => {
    const { queue, agents, waiting } = busyBranch(2);
    const waits = waiting.map((c) => queue.estimatedWait(c.conversationId) ?? Number.NaN);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1] ?? 0);
    expect(waits.at(-1)).toBeGreaterThan(waits[0] ?? Number.POSITIVE_INFINITY);

    const last = waiting.at(-1)?.conversationId ?? '';
    const before = queue.estimatedWait(last) ?? 0;
    const agentId = agents[0] ?? '';
    const held = [...(queue.agent(agentId)?.active ?? [])][0] ?? '';
    queue.release(agentId, held);
    const offered = queue.nextFor(agentId);
    if (!offered) throw new Error('nothing offered');
    queue.assign(agentId, offered.conversationId);
    expect(queue.position(last)).toBe(waiting.length - 1);
    expect(queue.estimatedWait(last)).toBeLessThan(before);
  });

  it('is longer with fewer agents', () => {
    const few = busyBranch(2);
    const many = busyBranch(4);
    for (let i = 0; i < few.waiting.length; i++) {
      const a = few.queue.estimatedWait(few.waiting[i]?.conversationId ?? '') ?? 0;
      const b = many.queue.estimatedWait(many.waiting[i]?.conversationId ?? '') ?? 0;
      expect(a).toBeGreaterThan(b);
    }
  });

  it('is unknown with nobody available who could take it, and falls as agents become available', () => {
    const { queue, enqueue, agent } = setup();
    agent('a1', { presence: 'away' });
    agent('a2', { presence: 'away' });
    const ahead = [enqueue(), enqueue(), enqueue()];
    const c = enqueue();
    expect(ahead).toHaveLength(3);
    expect(queue.estimatedWait(c.conversationId)).toBeNull();
    expect(queue.list().at(-1)?.eligibleAgents).toBe(0);

    queue.setPresence('a1', 'available');
    const one = queue.estimatedWait(c.conversationId);
    expect(one).toBeGreaterThan(0);
    queue.setPresence('a2', 'available');
    expect(queue.estimatedWait(c.conversationId)).toBeLessThan(one ?? 0);
  });

  it('does not count conversations ahead that its agents could not take', () => {
    const { queue, enqueue, agent } = setup();
    agent('zh', { languages: ['zh-CN'], maxConcurrent: 1 });
    agent('en', { languages: ['en'], maxConcurrent: 1 });
    for (let i = 0; i < 5; i++) enqueue({ language: 'en', severity: 'critical' });
    const zh = enqueue({ language: 'zh-CN', severity: 'low' });
    expect(queue.position(zh.conversationId)).toBe(6);
    expect(queue.estimatedWait(zh.conversationId)).toBe(0);
  });

  it('follows the real handle times reported on release', () => {
    const { queue, enqueue, agent, advance } = setup({ handleTimeSmoothing: 0.5 });
    agent('a1');
    const initial = queue.averageHandleTimeMs;
    for (let i = 0; i < 6; i++) {
      const c = enqueue();
      queue.assign('a1', c.conversationId);
      advance(initial * 3);
      expect(queue.release('a1', c.conversationId)).toBe(initial * 3);
    }
    expect(queue.averageHandleTimeMs).toBeGreaterThan(initial * 2.9);
    const c = enqueue();
    queue.assign('a1', c.conversationId);
    const waiting = enqueue();
    expect(queue.estimatedWait(waiting.conversationId)).toBe(Math.ceil(queue.averageHandleTimeMs));
  });

  it('list and per-conversation estimates agree', () => {
    const { queue, enqueue, agent } = setup();
    agent('zh', { languages: ['zh-CN'], skills: ['complaints'], maxConcurrent: 3 });
    agent('en', { languages: ['en'], skills: ['loans', 'complaints'], maxConcurrent: 2 });
    agent('both', { languages: ['zh-CN', 'en'], skills: ['cards'], maxConcurrent: 4 });
    const skillSets = [[], ['complaints'], ['loans'], ['cards'], ['cards', 'loans']];
    for (let i = 0; i < 60; i++) {
      enqueue({
        language: i % 3 === 0 ? 'en' : 'zh-CN',
        skills: skillSets[i % skillSets.length],
        severity: severities[i % 4],
        valueTier: valueTiers[(i * 3) % 4],
      });
    }
    for (const id of ['zh', 'en', 'both']) {
      const offered = queue.nextFor(id);
      if (offered) queue.assign(id, offered.conversationId);
    }
    for (const entry of queue.list()) {
      expect(queue.position(entry.conversationId)).toBe(entry.position);
      expect(queue.estimatedWait(entry.conversationId)).toBe(entry.estimatedWaitMs);
    }
  });
});

describe('errors', () => {
  it('names what is wrong with a refused operation', () => {
    const { queue, enqueue, agent } = setup();
    agent('a1');
    agent('a2');
    const c = enqueue();
    expectQueueError(() => queue.assign('nobody', c.conversationId), 'unknown_agent', 'not_found');
    expectQueueError(() => queue.nextFor('nobody'), 'unknown_agent', 'not_found');
    expectQueueError(() => queue.assign('a1', 'nothing'), 'unknown_conversation', 'not_found');
    expectQueueError(() => queue.enqueue({ ...c }), 'already_queued', 'already_exists');
    expectQueueError(() => queue.release('a1', c.conversationId), 'already_queued', 'already_exists');
    expectQueueError(() => queue.requeue(c.conversationId), 'already_queued', 'already_exists');

    queue.assign('a1', c.conversationId);
    expectQueueError(() => queue.assign('a2', c.conversationId), 'already_assigned', 'failed_precondition');
    expectQueueError(() => queue.enqueue({ ...c }), 'already_assigned', 'failed_precondition');
    expectQueueError(
      () => queue.release('a2', c.conversationId),
      'not_assigned_to_agent',
      'failed_precondition',
    );
    expectQueueError(() => queue.removeAgent('a1'), 'agent_has_conversations', 'failed_precondition');
    expectQueueError(() => agent('a2'), 'agent_exists', 'already_exists');
    expect(queue.remove(c.conversationId)).toBe(false);
  });

  it('rejects malformed conversations and agents', () => {
    const { queue, enqueue, agent } = setup();
    expectQueueError(() => enqueue({ severity: 'urgent' as Severity }), 'invalid', 'invalid_argument');
    expectQueueError(() => enqueue({ valueTier: 'diamond' as ValueTier }), 'invalid', 'invalid_argument');
    expectQueueError(() => enqueue({ language: 'fr' as 'en' }), 'invalid', 'invalid_argument');
    expectQueueError(() => enqueue({ enqueuedAt: Number.NaN }), 'invalid', 'invalid_argument');
    expectQueueError(() => enqueue({ conversationId: '' }), 'invalid', 'invalid_argument');
    expectQueueError(() => agent('a0', { maxConcurrent: 0 }), 'invalid', 'invalid_argument');
    expect(queue.size).toBe(0);
    expect(queue.agents()).toHaveLength(0);
  });
});

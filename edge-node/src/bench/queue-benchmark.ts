import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  AgentQueue,
  type EnqueueInput,
  type Locale,
  type Severity,
  type ValueTier,
} from '../agents/queue/index.js';
import { seededRandom } from './knowledge-generator.js';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

/** Weighted choices resembling a branch's handovers: mostly standard customers, mostly Chinese. */
const tiers: [ValueTier, number][] = [
  ['standard', 0.6],
  ['silver', 0.25],
  ['gold', 0.1],
  ['platinum', 0.05],
];
const severityMix: [Severity, number][] = [
  ['low', 0.2],
  ['normal', 0.5],
  ['high', 0.2],
  ['critical', 0.1],
];
const languageMix: [Locale, number][] = [
  ['zh-CN', 0.75],
  ['en', 0.25],
];
const skillMix: [string[], number][] = [
  [[], 0.2],
  [['complaints'], 0.3],
  [['loans'], 0.12],
  [['cards'], 0.12],
  [['accounts'], 0.08],
  [['complaints', 'loans'], 0.06],
  [['complaints', 'cards'], 0.06],
  [['wealth'], 0.04],
  [['insurance'], 0.02],
];
const agentSkills = ['complaints', 'loans', 'cards', 'accounts', 'wealth', 'insurance'];
const reasons = ['complaint', 'negative_sentiment', 'human_requested', 'compliance_flag', 'low_confidence'];

export interface LatencyUs {
  samples: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summarize(samples: number[]): LatencyUs {
  const us = samples.map((ms) => ms * 1000).sort((a, b) => a - b);
  return {
    samples: us.length,
    mean: round(us.reduce((s, x) => s + x, 0) / Math.max(1, us.length)),
    p50: round(percentile(us, 50)),
    p95: round(percentile(us, 95)),
    p99: round(percentile(us, 99)),
    max: round(us.at(-1) ?? 0),
  };
}

/**
 * The human-agent queue under a busy branch's load: ~1,000 conversations waiting and 50 agents,
 * every operation timed on its own while the queue is kept at its size (each taken or removed
 * conversation is replaced). Simulated time moves 250 ms per step, so conversations age and real
 * handle times reach the moving average as in service.
 */
export function runQueueBenchmark(options: {
  progress: (line: string) => void;
  waiting?: number;
  agents?: number;
  iterations?: number;
  warmup?: number;
  seed?: number;
}) {
  const { progress } = options;
  const waitingTarget = options.waiting ?? 1_000;
  const agentCount = options.agents ?? 50;
  const iterations = options.iterations ?? 20_000;
  const warmup = options.warmup ?? 2_000;
  const seed = options.seed ?? 42;
  const random = seededRandom(seed);
  const weighted = <T>(mix: [T, number][]): T => {
    let r = random();
    for (const [value, weight] of mix) {
      r -= weight;
      if (r < 0) return value;
    }
    return (mix.at(-1) as [T, number])[0];
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const clock = { now: Date.UTC(2025, 0, 6, 9, 0, 0) };
  const queue = new AgentQueue({ clock: () => clock.now });
  const tick = () => {
    clock.now += 250;
  };

  // Bookkeeping outside the queue so choosing what to operate on costs nothing inside the timings.
  const waitingIds: string[] = [];
  const waitingAt = new Map<string, number>();
  const addWaiting = (id: string) => {
    waitingAt.set(id, waitingIds.length);
    waitingIds.push(id);
  };
  const dropWaiting = (id: string) => {
    const at = waitingAt.get(id);
    if (at === undefined) return;
    const last = waitingIds.pop() as string;
    if (last !== id) {
      waitingIds[at] = last;
      waitingAt.set(last, at);
    }
    waitingAt.delete(id);
  };
  const randomWaiting = () => pick(waitingIds);

  let next = 0;
  const conversation = (): EnqueueInput => ({
    conversationId: `conv-${++next}`,
    // Handovers carry how long the customer already spent with the bot: up to two minutes.
    enqueuedAt: clock.now - Math.floor(random() * 120_000),
    reason: pick(reasons),
    severity: weighted(severityMix),
    valueTier: weighted(tiers),
    language: weighted(languageMix),
    skills: weighted(skillMix),
  });
  const enqueueUntimed = () => addWaiting(queue.enqueue(conversation()).conversationId);

  const held = new Map<string, string[]>();
  const capacity = new Map<string, number>();
  let slots = 0;
  for (let i = 0; i < agentCount; i++) {
    const agentId = `agent-${i + 1}`;
    const r = random();
    const languages: Locale[] = r < 0.55 ? ['zh-CN'] : r < 0.75 ? ['en'] : ['zh-CN', 'en'];
    const skills = agentSkills.filter((_, j) => random() < (j === 0 ? 0.8 : 0.4));
    const maxConcurrent = 2 + Math.floor(random() * 3);
    // A few are away, as on any shift; they are still asked for offers.
    queue.addAgent({
      agentId,
      name: `Agent ${i + 1}`,
      languages,
      skills,
      maxConcurrent,
      presence: random() < 0.1 ? 'away' : 'available',
    });
    held.set(agentId, []);
    capacity.set(agentId, maxConcurrent);
    slots += maxConcurrent;
  }
  const agentIds = [...held.keys()];
  const available = agentIds.filter((id) => queue.agent(id)?.presence === 'available');

  for (let i = 0; i < waitingTarget; i++) enqueueUntimed();
  // Half of every available agent's slots taken, so assign and release always have room to work.
  for (const agentId of available) {
    const mine = held.get(agentId) as string[];
    while (mine.length < Math.floor((capacity.get(agentId) ?? 0) / 2)) {
      const offer = queue.nextFor(agentId);
      if (!offer) break;
      queue.assign(agentId, offer.conversationId);
      dropWaiting(offer.conversationId);
      mine.push(offer.conversationId);
      enqueueUntimed();
    }
  }
  const classes = new Set(queue.list().map((c) => `${c.language}|${c.skills.join(',')}`)).size;
  progress(
    `setup: ${queue.size} waiting in ${classes} language/skill groups, ${agentCount} agents (${available.length} available, ${slots} slots)`,
  );

  const timings: Record<string, number[]> = {};
  const time = <T>(op: string, measure: boolean, fn: () => T): T => {
    const t = performance.now();
    const result = fn();
    const elapsed = performance.now() - t;
    if (measure) {
      let list = timings[op];
      if (!list) {
        list = [];
        timings[op] = list;
      }
      list.push(elapsed);
    }
    return result;
  };

  const phases: { op: string; iterations: number; step: (measure: boolean) => void }[] = [
    {
      op: 'enqueue',
      iterations,
      step: (measure) => {
        const c = conversation();
        time('enqueue', measure, () => queue.enqueue(c));
        addWaiting(c.conversationId);
        const gone = randomWaiting();
        queue.remove(gone);
        dropWaiting(gone);
      },
    },
    {
      op: 'remove',
      iterations,
      step: (measure) => {
        const gone = randomWaiting();
        time('remove', measure, () => queue.remove(gone));
        dropWaiting(gone);
        enqueueUntimed();
      },
    },
    {
      op: 'nextFor',
      iterations,
      step: (measure) => {
        const agentId = pick(agentIds);
        time('nextFor', measure, () => queue.nextFor(agentId));
      },
    },
    {
      // One agent's cycle: take the best offer, then finish one of its conversations.
      op: 'assign+release',
      iterations,
      step: (measure) => {
        const agentId = pick(available);
        const mine = held.get(agentId) as string[];
        const offer = queue.nextFor(agentId);
        if (!offer) return;
        time('assign', measure, () => queue.assign(agentId, offer.conversationId));
        dropWaiting(offer.conversationId);
        mine.push(offer.conversationId);
        enqueueUntimed();
        tick();
        const done = mine.splice(Math.floor(random() * mine.length), 1)[0] as string;
        time('release', measure, () => queue.release(agentId, done));
      },
    },
    {
      op: 'position',
      iterations,
      step: (measure) => {
        const id = randomWaiting();
        time('position', measure, () => queue.position(id));
      },
    },
    {
      op: 'estimatedWait',
      iterations,
      step: (measure) => {
        const id = randomWaiting();
        time('estimatedWait', measure, () => queue.estimatedWait(id));
      },
    },
    {
      // The whole queue with positions and waits is what a supervisor screen refreshes; fewer runs.
      op: 'list',
      iterations: Math.max(100, Math.floor(iterations / 10)),
      step: (measure) => {
        time('list', measure, () => queue.list());
      },
    },
  ];

  for (const phase of phases) {
    for (let i = 0; i < Math.min(warmup, phase.iterations); i++) {
      phase.step(false);
      tick();
    }
    for (let i = 0; i < phase.iterations; i++) {
      phase.step(true);
      tick();
    }
    for (const op of phase.op.split('+')) {
      const s = summarize(timings[op] ?? []);
      progress(
        `${op.padEnd(14)} ${String(s.samples).padStart(6)} runs  p50 ${s.p50} µs  p95 ${s.p95} µs  p99 ${s.p99} µs  (queue ${queue.size})`,
      );
    }
  }

  const latencyUs = Object.fromEntries(
    Object.entries(timings).map(([op, samples]) => [op, summarize(samples)]),
  );
  return {
    benchmark:
      'edge human-agent queue: per-operation latency with ~1,000 conversations waiting and 50 agents',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    scenario: {
      waiting: waitingTarget,
      waitingAtEnd: queue.size,
      agents: agentCount,
      availableAgents: available.length,
      agentSlots: slots,
      languageSkillGroups: classes,
      iterations,
      warmup,
      seed,
    },
    latencyUs,
    createdAt: new Date().toISOString(),
  };
}

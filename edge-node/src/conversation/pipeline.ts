import { performance } from 'node:perf_hooks';
import type { RoutingPolicy } from '@branchline/shared';
import type { Admission, Ticket } from '../burst/index.js';
import { type ComplianceEngine, type ComplianceHit, type Side, safeReply } from '../compliance/index.js';
import type { Redactor } from '../privacy/redactor.js';
import type { PiiKind } from '../privacy/types.js';
import type { Vault } from '../privacy/vault.js';
import { type BurstDeps, burstReply } from './stages/cloud-reply.js';
import { sentimentTrend } from './stages/emotion.js';
import { type RespondDeps, respond } from './stages/respond.js';
import { historyNeeded, route, summarizeTurn } from './stages/route.js';
import { type Classify, understand, withoutTokens } from './stages/understand.js';
import type { Stage, Turn, Understanding } from './types.js';

export interface PipelineDeps extends Omit<RespondDeps, 'policy'> {
  classify: Classify;
  redactor: Redactor;
  vault: Vault;
  policy(): RoutingPolicy;
  /** Personal data the branch holds on a verified customer, redacted by exact match. */
  knownValues(customerRef: string | null): Promise<{ kind: PiiKind; value: string }[]>;
  /** The understanding of the conversation's last `limit` answered customer turns, oldest first. */
  understood(conversationId: string, limit: number): Understanding[];
  /** Admission control for AI turns; without it every turn runs here at once. */
  admission?: Admission;
  /** Burst capacity, for turns the branch has no slot for. */
  burst?: BurstDeps;
  /** The compliance rules of the bundle this edge runs; without them nothing is checked. */
  compliance?: () => ComplianceEngine;
}

/** The mood trend is read over this many customer turns, the current one included. */
const trendTurns = 4;

/** The trend of the customer's mood up to this turn, from the turns before it (oldest first). */
export function emotionOf(earlier: readonly Understanding[], now: Understanding) {
  return sentimentTrend([...earlier, now].slice(-trendTurns).map((u) => u.sentiment.negative));
}

/** The same, reading the earlier turns from the conversation's store. */
export function emotionStage(turn: Turn, deps: Pick<PipelineDeps, 'understood'>, now: Understanding) {
  return emotionOf(deps.understood(turn.conversationId, trendTurns - 1), now);
}

async function timed<T>(turn: Turn, stage: Stage, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    // Added up: a turn burst capacity could not answer waits for a slot and responds a second time.
    turn.timings[stage] =
      Math.round(((turn.timings[stage] ?? 0) + performance.now() - started) * 1000) / 1000;
  }
}

/**
 * redact: finds the personal data in the customer's text. Returns the synchronous step that
 * stores originals in the vault and sets the tokenized text (for the caller's commit), and the
 * text without the values, which `understand` may read while that commit is on its way.
 */
export async function redactStage(
  turn: Turn,
  deps: Pick<PipelineDeps, 'redactor' | 'knownValues'>,
): Promise<{ tokenize: () => void; withoutValues: string }> {
  const started = performance.now();
  const { apply, withoutValues } = await deps.redactor.prepare({
    conversationId: turn.conversationId,
    customerRef: turn.customerRef,
    text: turn.input,
    known: await deps.knownValues(turn.customerRef),
  });
  const detected = performance.now() - started;
  const tokenize = () => {
    const t0 = performance.now();
    const redaction = apply();
    turn.text = redaction.text;
    turn.found = redaction.found;
    turn.timings.redact = Math.round((detected + performance.now() - t0) * 1000) / 1000;
  };
  return { tokenize, withoutValues };
}

/** understand: intent, sentiment and compliance from text that holds no personal values. */
export function understandStage(
  turn: Turn,
  deps: PipelineDeps,
  withoutValues?: string,
): Promise<Understanding> {
  const policy = deps.policy();
  return timed(turn, 'understand', () =>
    understand(withoutValues ?? withoutTokens(turn.text), deps.classify, policy.minIntentConfidence),
  );
}

/**
 * route -> respond on tokenized text; nothing here sees an original value. Routing also reads
 * the earlier turns' understanding: anger and confusion show over turns, not in one.
 */
export async function decideStages(
  turn: Turn,
  deps: PipelineDeps,
  understood: Promise<Understanding>,
): Promise<void> {
  const policy = deps.policy();
  turn.understanding = await understood;
  const understanding = turn.understanding;
  turn.compliance = await complianceStage(turn, deps, 'customer', turn.text);
  // A customer who threatens the regulator is for a person, like one the compliance model flags.
  if (turn.compliance.some((h) => h.severity === 'high') && !understanding.flags.includes('compliance'))
    understanding.flags.push('compliance');
  turn.decision = await timed(turn, 'route', () => {
    const earlier = deps.understood(turn.conversationId, Math.max(historyNeeded(policy), trendTurns - 1));
    turn.emotion = emotionOf(earlier, understanding);
    const needed = historyNeeded(policy);
    const history = (needed > 0 ? earlier.slice(-needed) : []).map(summarizeTurn);
    return route(understanding, policy, { text: turn.text, history });
  });
  await respondStages(turn, deps, policy);
  await checkReply(turn, deps);
}

/**
 * The compliance rules for one side of the conversation, on tokenized text; the hits are what the
 * caller raises as alerts.
 */
export function complianceStage(
  turn: Turn,
  deps: Pick<PipelineDeps, 'compliance' | 'classify'>,
  side: Side,
  text: string,
): Promise<ComplianceHit[]> {
  const engine = deps.compliance?.();
  if (!engine || engine.size === 0) return Promise.resolve([]);
  return timed(turn, 'comply', () =>
    engine.check({ text, side, intent: turn.understanding?.intent ?? null, classify: deps.classify }),
  );
}

/** An AI reply is checked before anyone sees it; one that breaks a blocking rule is replaced. */
async function checkReply(turn: Turn, deps: PipelineDeps): Promise<void> {
  const reply = turn.reply;
  if (!reply || reply.handledBy === 'human') return;
  const hits = await complianceStage(turn, deps, 'ai', reply.text);
  if (hits.length === 0) return;
  turn.compliance = [...(turn.compliance ?? []), ...hits];
  const blocked = hits.find((h) => h.action === 'block');
  if (!blocked) return;
  turn.reply = {
    ...reply,
    text: safeReply(blocked.category, turn.locale),
    citations: [],
    outcome: { ...reply.outcome, blockedBy: blocked.ruleId },
  };
  deps.log.warn(
    { conversationId: turn.conversationId, turnId: turn.id, ruleId: blocked.ruleId },
    'AI reply blocked by a compliance rule',
  );
}

async function respondStages(turn: Turn, deps: PipelineDeps, policy: RoutingPolicy): Promise<void> {
  const respondDeps = { ...deps, policy };
  // People answer hand-offs; everything else is an AI turn and needs a slot here or burst capacity.
  if (!deps.admission || turn.decision?.route === 'human') {
    turn.reply = await timed(turn, 'respond', () => respond(turn, respondDeps));
    return;
  }
  const admission = deps.admission;
  let ticket: Ticket = await timed(turn, 'admit', () => admission.admit());
  try {
    if (ticket.kind === 'burst') {
      const burst = deps.burst;
      if (!burst) throw new Error('admission chose burst capacity, but the pipeline has none');
      const decided = turn.decision;
      turn.decision = { route: 'burst', reason: 'ai_slots_full' };
      try {
        turn.reply = await timed(turn, 'respond', () => burstReply(turn, respondDeps, burst));
        return;
      } catch (error) {
        // No worker answered in time: the turn waits for a slot here instead; it is not lost.
        deps.log.warn(
          { conversationId: turn.conversationId, turnId: turn.id, err: (error as Error).message },
          'burst capacity did not answer; serving the turn here',
        );
        if (decided) turn.decision = decided;
        ticket = await timed(turn, 'admit', () => admission.slot());
      }
    }
    turn.reply = await timed(turn, 'respond', () => respond(turn, respondDeps));
  } finally {
    ticket.release();
  }
}

/** restore: last, just before the reply goes to the customer. */
export async function restoreStage(turn: Turn, deps: Pick<PipelineDeps, 'vault'>): Promise<string> {
  const text = turn.reply?.text ?? '';
  turn.customerText = await timed(turn, 'restore', () => deps.vault.restore(turn.conversationId, text));
  return turn.customerText;
}

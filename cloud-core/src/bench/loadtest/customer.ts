import { setTimeout as sleep } from 'node:timers/promises';
import type { CorpusConversation } from './corpus.js';
import { EdgeRequestError, endConversation, openConversation, sendTurn } from './edge-api.js';
import type { Tally } from './stats.js';

export interface CustomerPlan {
  edge: string;
  conversation: CorpusConversation;
  /** Reading and typing time before each turn after the first. */
  thinkMs: readonly number[];
}

export interface CustomerContext {
  patienceMs: number;
  tally: Tally;
  /** False once the run stops: customers then send no new turns (they are not counted as leaving). */
  accepting(): boolean;
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

const why = (error: unknown) =>
  error instanceof EdgeRequestError ? `http_${error.status}` : ((error as Error).name ?? 'error');

/**
 * One customer on the chat channel: opens a conversation and sends its turns one by one, reading
 * each reply before typing the next. A customer whose reply takes longer than their patience
 * closes the chat: the turn and the conversation count as abandoned (the edge still works on it,
 * as a real edge would, not knowing the customer left).
 */
export async function runCustomer(plan: CustomerPlan, context: CustomerContext): Promise<void> {
  const { tally, patienceMs } = context;
  tally.conversations++;
  let id: string;
  try {
    id = await openConversation(plan.edge, plan.conversation.locale, AbortSignal.timeout(patienceMs));
  } catch {
    tally.failedConversations++;
    return;
  }
  for (const [i, turn] of plan.conversation.turns.entries()) {
    if (i > 0) await sleep(plan.thinkMs[i - 1] ?? 0);
    if (!context.accepting()) return;
    tally.turnSent();
    const started = performance.now();
    try {
      const reply = await sendTurn(plan.edge, id, turn.text, AbortSignal.timeout(patienceMs));
      tally.turnEnded({
        outcome: 'answered',
        kind: turn.kind,
        ms: performance.now() - started,
        handledBy: reply.handledBy,
        available: reply.available,
      });
    } catch (error) {
      if (isTimeout(error)) {
        tally.turnEnded({ outcome: 'abandoned', kind: turn.kind, ms: performance.now() - started });
        tally.abandonedConversations++;
      } else {
        tally.turnEnded({
          outcome: 'failed',
          kind: turn.kind,
          ms: performance.now() - started,
          error: why(error),
        });
        tally.failedConversations++;
      }
      return;
    }
  }
  await endConversation(plan.edge, id).catch(() => undefined);
}

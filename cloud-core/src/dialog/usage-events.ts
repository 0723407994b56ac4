import { randomUUID } from 'node:crypto';
import { backoffDelay, type EventEnvelope, eventsSubject, type Logger, sleep } from '@branchline/shared';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { DialogUsage } from './types.js';
import { estimateCostUsd } from './usage-meter.js';

/**
 * Puts each cloud dialog turn's tokens and cost into the events stream, beside the edge's own
 * events, so the dashboard's read model counts LLM use per edge like every other figure (the
 * in-memory meter is per replica and gone on restart). Only numbers and the model name: no text.
 */
export function publishDialogUsage(
  js: JetStreamClient,
  log: Logger,
  turn: { edgeId: string; conversationId: string },
  model: string,
  usage: DialogUsage,
  offline: boolean,
): void {
  const event: EventEnvelope = {
    id: randomUUID(),
    edgeId: turn.edgeId,
    type: 'dialog.usage',
    occurredAt: new Date().toISOString(),
    conversationId: turn.conversationId,
    data: {
      model: offline ? 'offline' : model,
      ...usage,
      costUsd: offline ? 0 : estimateCostUsd(model, usage),
    },
  };
  // The customer's answer does not wait on this. Retries carry the same message id, so the
  // stream keeps one copy even when an ack was lost; after a few minutes of NATS being away the
  // record is given up, and the log says so.
  void (async () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      try {
        await js.publish(eventsSubject(turn.edgeId, event.type), JSON.stringify(event), { msgID: event.id });
        return;
      } catch (error) {
        if (attempt === 11)
          log.warn(
            { err: error, edgeId: turn.edgeId, conversationId: turn.conversationId },
            'dialog usage not recorded',
          );
        else await sleep(backoffDelay(attempt, { initialMs: 500, maxMs: 30_000 }));
      }
    }
  })();
}

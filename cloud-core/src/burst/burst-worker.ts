import { BurstAnswer, BurstToolCall, BurstWork, ToolResult } from '@branchline/proto';
import {
  burstAnswersSubject,
  burstConsumer,
  burstProgressMs,
  burstStream,
  burstToolsSubject,
  type Logger,
  sleep,
} from '@branchline/shared';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DialogAnswer, DialogIo, DialogTurn } from '../dialog/index.js';
import { finalAnswerOf, turnFromStart } from '../dialog/index.js';

export interface BurstWorkerOptions {
  nc: NatsConnection;
  js: JetStreamClient;
  workerId: string;
  /** Turns this process works on at once (each mostly waits on the model). */
  concurrency: number;
  /** The dialog engine, the same the cloud dialog runs; `deadlineMs` is what is left of the edge's wait. */
  run(turn: DialogTurn, io: DialogIo, deadlineMs: number): Promise<DialogAnswer>;
  log: Logger;
}

export interface BurstWorkerStats {
  workerId: string;
  inFlight: number;
  answered: number;
  /** Work whose edge had stopped waiting before a worker got to it. */
  expired: number;
  malformed: number;
  /** Work this worker got after another worker had it (that one died or went quiet). */
  redelivered: number;
}

export interface BurstWorker {
  stats(): BurstWorkerStats;
  /** Takes no new work, and waits up to `graceMs` for the turns in hand (the rest go to other workers). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * A burst worker: pulls turns from the shared work queue, as many as it has free slots (work held
 * in a client buffer would time out unseen), answers each with the dialog engine, runs tool calls
 * on the customer's edge by NATS request, and acks only once the answer is sent. A worker that dies
 * stops reporting progress, and JetStream gives its turns to another worker; the edge keeps the
 * first answer for a turn.
 */
export function startBurstWorker(options: BurstWorkerOptions): BurstWorker {
  const { nc, js, workerId, log } = options;
  const stats: BurstWorkerStats = {
    workerId,
    inFlight: 0,
    answered: 0,
    expired: 0,
    malformed: 0,
    redelivered: 0,
  };
  const stopping = new AbortController();
  let freed: (() => void) | undefined;
  const idle = new Set<Promise<void>>();

  const toolCall =
    (work: BurstWork, deadlineAt: number): DialogIo['callTool'] =>
    async ({ id, name, input }) => {
      const request = BurstToolCall.encode({
        workId: work.workId,
        workerId,
        call: { callId: id, name, inputJson: JSON.stringify(input ?? {}) },
      }).finish();
      try {
        const reply = await nc.request(burstToolsSubject(work.edgeId), request, {
          timeout: Math.max(1000, deadlineAt - Date.now()),
        });
        const result = ToolResult.decode(reply.data);
        return { output: result.outputJson, isError: result.isError };
      } catch (error) {
        log.warn(
          { edgeId: work.edgeId, workId: work.workId, tool: name, err: error },
          'burst tool call failed',
        );
        return {
          output: JSON.stringify({ error: 'the branch did not answer the tool call' }),
          isError: true,
        };
      }
    };

  const handle = async (m: JsMsg): Promise<void> => {
    let work: BurstWork;
    try {
      work = BurstWork.decode(m.data);
      if (!work.turn || !work.workId || !m.subject.endsWith(`.${work.edgeId}`)) throw new Error('incomplete');
    } catch (error) {
      stats.malformed++;
      log.warn({ subject: m.subject, err: error }, 'malformed burst work dropped');
      m.term('malformed');
      return;
    }
    const wlog = log.child({
      edgeId: work.edgeId,
      conversationId: work.turn.conversationId,
      workId: work.workId,
    });
    if (work.deadlineUnixMs <= Date.now()) {
      stats.expired++;
      wlog.info('burst work expired before a worker took it');
      m.term('expired');
      return;
    }
    if (m.info.deliveryCount > 1) {
      stats.redelivered++;
      wlog.info({ delivery: m.info.deliveryCount }, 'taking over burst work from another worker');
    }
    // Progress keeps the work ours while the model thinks; if this process dies, it stops.
    const progress = setInterval(() => m.working(), burstProgressMs);
    try {
      const turn = turnFromStart(work.edgeId, work.turn);
      const answer = await options.run(
        turn,
        { delta: () => undefined, callTool: toolCall(work, work.deadlineUnixMs) },
        Math.max(1000, work.deadlineUnixMs - Date.now()),
      );
      nc.publish(
        burstAnswersSubject(work.edgeId),
        BurstAnswer.encode({
          workId: work.workId,
          workerId,
          answer: finalAnswerOf(answer),
          delivery: m.info.deliveryCount,
        }).finish(),
      );
      await nc.flush();
      // Acked after the answer is out: a crash in between gives the edge a second answer, never none.
      await m.ackAck();
      stats.answered++;
      wlog.info(
        { handoff: answer.handoffReason || undefined, offline: answer.offline },
        'burst turn answered',
      );
    } catch (error) {
      // Not acked: the queue gives the turn to a worker again once the ack wait runs out.
      wlog.warn({ err: error }, 'burst turn failed; it will be retried');
      m.nak(1000);
    } finally {
      clearInterval(progress);
    }
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const free = options.concurrency - stats.inFlight;
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          freed = resolve;
          stopping.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        continue;
      }
      try {
        const consumer = await js.consumers.get(burstStream, burstConsumer);
        const batch = await consumer.fetch({ max_messages: free, expires: 2000 });
        for await (const m of batch) {
          stats.inFlight++;
          const done: Promise<void> = handle(m).finally(() => {
            stats.inFlight--;
            idle.delete(done);
            freed?.();
            freed = undefined;
          });
          idle.add(done);
        }
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures++;
        log.warn({ err: error }, 'burst queue unreachable; trying again');
        await sleep(Math.min(5000, 250 * 2 ** failures), stopping.signal);
      }
    }
  })();

  log.info({ concurrency: options.concurrency }, 'burst worker started');
  return {
    stats: () => ({ ...stats }),
    stop: async (graceMs = 10_000) => {
      stopping.abort();
      await loop;
      await Promise.race([Promise.all(idle), sleep(graceMs)]);
      const { workerId: _id, ...counts } = stats;
      log.info(counts, 'burst worker stopped');
    },
  };
}

import { randomUUID } from 'node:crypto';
import { BurstAnswer, BurstToolCall, BurstWork, type FinalAnswer, ToolResult } from '@branchline/proto';
import {
  BranchlineError,
  burstAnswersSubject,
  burstConsumer,
  burstStream,
  burstToolsSubject,
  burstWorkSubject,
  type Logger,
  natsLinkUp,
} from '@branchline/shared';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { coreJetStream, coreJetStreamManager, type DialogClient } from '../core-link/index.js';

interface PendingTurn {
  conversationId: string;
  onToolCall: Parameters<DialogClient['converse']>[1];
  resolve(answer: FinalAnswer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface BurstLinkStats {
  sent: number;
  answered: number;
  /** Answers for turns already answered (a worker died after answering) or given up. */
  duplicates: number;
  timedOut: number;
  toolCalls: number;
  /** Answers that came after a worker took the turn over from another. */
  takenOver: number;
}

/**
 * The edge's side of burst capacity, with the same interface as the cloud dialog: a turn goes on
 * the JetStream work queue (tokenized, like every byte this edge sends), a worker answers it, and
 * its tool calls come back here to run against this branch's systems. The first answer for a turn
 * wins; later ones (from a worker that took over) are counted and dropped.
 */
export class BurstLink implements DialogClient {
  #nc: NatsConnection | undefined;
  #js: JetStreamClient | undefined;
  #jsm: JetStreamManager | undefined;
  readonly #subscriptions: Subscription[] = [];
  readonly #pending = new Map<string, PendingTurn>();
  readonly #stats: BurstLinkStats = {
    sent: 0,
    answered: 0,
    duplicates: 0,
    timedOut: 0,
    toolCalls: 0,
    takenOver: 0,
  };
  /** Whether workers are there to take work: idle ones pulling, or answers lately. */
  #capacitySeen = false;
  #lastAnswerAt = 0;
  #probe: NodeJS.Timeout | undefined;

  constructor(
    private readonly edgeId: string,
    private readonly log: Logger,
  ) {}

  /** Starts listening for answers and tool calls once the edge has its NATS connection. */
  async attach(nc: NatsConnection): Promise<void> {
    this.#nc = nc;
    this.#js = coreJetStream(nc);
    this.#jsm = await coreJetStreamManager(nc);
    this.#subscriptions.push(
      nc.subscribe(burstAnswersSubject(this.edgeId), { callback: (_, m) => this.#onAnswer(m.data) }),
      nc.subscribe(burstToolsSubject(this.edgeId), {
        callback: (_, m) => void this.#onToolCall(m.data).then((reply) => m.respond(reply)),
      }),
    );
    const probe = () => void this.#probeCapacity();
    probe();
    this.#probe = setInterval(probe, 1000);
    this.#probe.unref();
  }

  /** True when a turn sent now would likely be taken by a worker soon. */
  available(): boolean {
    const nc = this.#nc;
    if (!nc || !natsLinkUp(nc)) return false;
    return this.#capacitySeen || Date.now() - this.#lastAnswerAt < 10_000;
  }

  stats(): BurstLinkStats {
    return { ...this.#stats };
  }

  async #probeCapacity(): Promise<void> {
    try {
      const info = await this.#jsm?.consumers.info(burstStream, burstConsumer);
      // Idle workers keep pull requests open; busy ones that still answer count too (see available()).
      this.#capacitySeen = (info?.num_waiting ?? 0) > 0;
    } catch {
      this.#capacitySeen = false;
    }
  }

  async converse(
    start: Parameters<DialogClient['converse']>[0],
    onToolCall: Parameters<DialogClient['converse']>[1],
    options: { deadlineMs: number },
  ): Promise<FinalAnswer> {
    const js = this.#js;
    if (!js) throw new BranchlineError('unavailable', 'burst capacity is not connected');
    const workId = randomUUID();
    const now = Date.now();
    const work = BurstWork.encode({
      workId,
      edgeId: this.edgeId,
      turn: start,
      deadlineUnixMs: now + options.deadlineMs,
      enqueuedUnixMs: now,
    }).finish();
    const answered = new Promise<FinalAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(workId);
        this.#stats.timedOut++;
        reject(new BranchlineError('deadline_exceeded', 'no burst worker answered in time'));
      }, options.deadlineMs);
      this.#pending.set(workId, { conversationId: start.conversationId, onToolCall, resolve, reject, timer });
    });
    try {
      // The message id makes a re-send after a lost ack land once.
      await js.publish(burstWorkSubject(this.edgeId), work, { msgID: workId });
    } catch (error) {
      const pending = this.#pending.get(workId);
      if (pending) clearTimeout(pending.timer);
      this.#pending.delete(workId);
      throw new BranchlineError(
        'unavailable',
        `the burst queue did not take the turn: ${(error as Error).message}`,
      );
    }
    this.#stats.sent++;
    this.log.info({ conversationId: start.conversationId, workId }, 'turn sent to burst capacity');
    return answered;
  }

  #onAnswer(data: Uint8Array): void {
    let message: BurstAnswer;
    try {
      message = BurstAnswer.decode(data);
    } catch {
      this.log.warn('malformed burst answer dropped');
      return;
    }
    this.#lastAnswerAt = Date.now();
    const pending = this.#pending.get(message.workId);
    if (!pending || !message.answer) {
      this.#stats.duplicates++;
      return;
    }
    this.#pending.delete(message.workId);
    clearTimeout(pending.timer);
    this.#stats.answered++;
    if (message.delivery > 1) this.#stats.takenOver++;
    this.log.info(
      {
        conversationId: pending.conversationId,
        workId: message.workId,
        workerId: message.workerId,
        delivery: message.delivery,
      },
      'burst answer received',
    );
    pending.resolve(message.answer);
  }

  async #onToolCall(data: Uint8Array): Promise<Uint8Array> {
    const refuse = (callId: string, error: string) =>
      ToolResult.encode({ callId, outputJson: JSON.stringify({ error }), isError: true }).finish();
    let request: BurstToolCall;
    try {
      request = BurstToolCall.decode(data);
    } catch {
      return refuse('', 'malformed tool call');
    }
    const call = request.call;
    if (!call) return refuse('', 'malformed tool call');
    // Only turns this edge sent and still waits on may run tools: a worker cannot reach others.
    const pending = this.#pending.get(request.workId);
    if (!pending) return refuse(call.callId, 'this turn is no longer waiting for an answer');
    this.#stats.toolCalls++;
    try {
      const result = await pending.onToolCall(call);
      return ToolResult.encode({ callId: call.callId, ...result }).finish();
    } catch (error) {
      this.log.warn(
        { conversationId: pending.conversationId, err: error },
        'burst tool call failed on the edge',
      );
      return refuse(call.callId, 'the tool failed on the branch');
    }
  }

  close(): void {
    if (this.#probe) clearInterval(this.#probe);
    for (const sub of this.#subscriptions) sub.unsubscribe();
    for (const [workId, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new BranchlineError('unavailable', 'the edge is stopping'));
      this.#pending.delete(workId);
    }
  }
}

import { OverflowAction, OverflowActionResult, OverflowSession } from '@branchline/proto';
import {
  type Logger,
  natsLinkUp,
  overflowActionSubject,
  overflowBucket,
  overflowKey,
} from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { coreKv } from '../../core-link/core-jetstream.js';

export type OverflowActionHandler = (action: OverflowAction) => Promise<OverflowActionResult>;

/** Live sessions are rewritten this often, well inside the bucket's max age. */
const refreshMs = 30 * 60_000;
const tickMs = 1000;
/** How often the hub itself is asked whether it answers: through a branch leaf, our own link says nothing. */
const probeMs = 2000;

/**
 * The edge's NATS side of human overflow: the sessions it offers are written to the core's
 * `bl_overflow` bucket (tokenized, like every byte this edge sends), and the console's actions
 * arrive as requests. Writes are kept until they land, newest per conversation, so a WAN outage
 * delays the central view of a session but never leaves it wrong once the link is back.
 */
export class OverflowLink {
  #nc: NatsConnection | undefined;
  #kv: KV | undefined;
  #subscription: Subscription | undefined;
  /** Writes not yet in the bucket: the session, or null for a deletion. */
  readonly #unwritten = new Map<string, OverflowSession | null>();
  /** What the bucket should hold for each live session, rewritten now and then. */
  readonly #live = new Map<string, OverflowSession>();
  #flushing = false;
  /** Whether the hub answered the last probe (the bucket's status, through any leaf server). */
  #hubAnswers = false;
  /** Keys this edge wrote before it restarted are swept once, the first time the hub answers. */
  #swept = false;
  readonly #timers: NodeJS.Timeout[] = [];
  #handler: OverflowActionHandler | undefined;

  constructor(
    private readonly edgeId: string,
    private readonly log: Logger,
  ) {}

  onAction(handler: OverflowActionHandler): void {
    this.#handler = handler;
  }

  /** Starts answering the console and writing sessions once the edge has its NATS connection. */
  async attach(nc: NatsConnection): Promise<void> {
    this.#nc = nc;
    this.#subscription = nc.subscribe(overflowActionSubject(this.edgeId), {
      callback: (_, m) =>
        void this.#act(m.data)
          .then((reply) => m.respond(reply))
          .catch((error: unknown) => this.log.warn({ err: error }, 'overflow action answer not sent')),
    });
    const every = (ms: number, work: () => void) => {
      const timer = setInterval(work, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(tickMs, () => void this.#flush());
    every(probeMs, () => void this.#probe());
    every(refreshMs, () => {
      for (const [key, session] of this.#live)
        if (!this.#unwritten.has(key)) this.#unwritten.set(key, { ...session, updatedUnixMs: Date.now() });
    });
    await this.#probe();
  }

  /** Whether central agents can be reached now: offering a session while the WAN is down helps no one. */
  connected(): boolean {
    const nc = this.#nc;
    return nc !== undefined && natsLinkUp(nc) && this.#hubAnswers;
  }

  put(session: OverflowSession): void {
    const key = overflowKey(this.edgeId, session.conversationId);
    this.#live.set(key, session);
    this.#unwritten.set(key, session);
    void this.#flush();
  }

  remove(conversationId: string): void {
    const key = overflowKey(this.edgeId, conversationId);
    this.#live.delete(key);
    // Deleted even when this run never wrote it: the run before a restart may have.
    this.#unwritten.set(key, null);
    void this.#flush();
  }

  /** Writes still waiting for the link, for the edge's status. */
  backlog(): number {
    return this.#unwritten.size;
  }

  async #probe(): Promise<void> {
    const nc = this.#nc;
    if (!nc || !natsLinkUp(nc)) {
      this.#hubAnswers = false;
      return;
    }
    try {
      // The core creates the bucket; until it has, nothing can be offered anyway.
      this.#kv ??= await coreKv(nc).open(overflowBucket);
      await this.#kv.status();
      this.#hubAnswers = true;
      if (!this.#swept) void this.#sweep(this.#kv).catch(() => undefined);
      void this.#flush();
    } catch (error) {
      if (this.#hubAnswers) this.log.warn({ err: (error as Error).message }, 'the hub does not answer');
      this.#hubAnswers = false;
    }
  }

  /**
   * Entries this edge left before a restart and no longer offers go, so no console shows a ghost.
   * Tried once: a key listing that matches nothing can wait for ever on nats-server 2.9, so it gets
   * a few seconds and is then stopped (the core forgets entries past the bucket's max age anyway).
   */
  async #sweep(kv: KV): Promise<void> {
    this.#swept = true;
    const stale: string[] = [];
    const keys = await kv.keys(`${this.edgeId}.>`);
    const timer = setTimeout(() => keys.stop(), 5000);
    try {
      for await (const key of keys) if (!this.#live.has(key) && !this.#unwritten.has(key)) stale.push(key);
    } finally {
      clearTimeout(timer);
    }
    for (const key of stale) this.#unwritten.set(key, null);
    if (stale.length > 0)
      this.log.info({ stale: stale.length }, 'overflow sessions from before the restart removed');
  }

  async #flush(): Promise<void> {
    if (this.#flushing || this.#unwritten.size === 0) return;
    this.#flushing = true;
    try {
      while (this.#unwritten.size > 0 && this.connected() && this.#kv) {
        for (const [key, session] of [...this.#unwritten]) {
          if (!this.connected()) return;
          await this.#write(this.#kv, key, session);
          // A newer write for the key may have arrived meanwhile; it goes in the next round.
          if (this.#unwritten.get(key) === session) this.#unwritten.delete(key);
        }
      }
    } catch (error) {
      this.log.debug(
        { err: (error as Error).message, unwritten: this.#unwritten.size },
        'overflow sessions not written yet',
      );
    } finally {
      this.#flushing = false;
    }
  }

  async #write(kv: KV, key: string, session: OverflowSession | null): Promise<void> {
    if (!session) {
      await kv.delete(key);
      return;
    }
    try {
      await kv.put(key, OverflowSession.encode(session).finish());
    } catch (error) {
      // A link problem is retried with everything else; a session the server refuses (too large)
      // is dropped rather than holding up every other write. The next change writes it anew.
      if (!this.connected()) throw error;
      this.log.warn({ err: (error as Error).message, key }, 'overflow session refused by the server');
    }
  }

  async #act(data: Uint8Array): Promise<Uint8Array> {
    const fail = (errorCode: string, errorMessage: string) =>
      OverflowActionResult.encode({ errorCode, errorMessage, session: undefined }).finish();
    let action: OverflowAction;
    try {
      action = OverflowAction.decode(data);
    } catch {
      return fail('invalid_argument', 'malformed overflow action');
    }
    if (!this.#handler) return fail('unavailable', 'the branch is starting');
    try {
      return OverflowActionResult.encode(await this.#handler(action)).finish();
    } catch (error) {
      this.log.error({ err: error, conversationId: action.conversationId }, 'overflow action failed');
      return fail('internal', 'the branch could not do that');
    }
  }

  close(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#subscription?.unsubscribe();
  }
}

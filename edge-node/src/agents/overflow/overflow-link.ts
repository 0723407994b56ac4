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
const retryMs = 1000;

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
  #timer: NodeJS.Timeout | undefined;
  #refresh: NodeJS.Timeout | undefined;
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
      callback: (_, m) => void this.#act(m.data).then((reply) => m.respond(reply)),
    });
    this.#timer = setInterval(() => void this.#flush(), retryMs);
    this.#timer.unref();
    this.#refresh = setInterval(() => {
      for (const [key, session] of this.#live)
        if (!this.#unwritten.has(key)) this.#unwritten.set(key, session);
      void this.#flush();
    }, refreshMs);
    this.#refresh.unref();
    void this.#flush();
  }

  /** Whether central agents can be reached now: offering a session while the WAN is down helps no one. */
  connected(): boolean {
    const nc = this.#nc;
    return nc !== undefined && natsLinkUp(nc);
  }

  put(session: OverflowSession): void {
    const key = overflowKey(this.edgeId, session.conversationId);
    this.#live.set(key, session);
    this.#unwritten.set(key, session);
    void this.#flush();
  }

  remove(conversationId: string): void {
    const key = overflowKey(this.edgeId, conversationId);
    if (!this.#live.delete(key) && !this.#unwritten.has(key)) return;
    this.#unwritten.set(key, null);
    void this.#flush();
  }

  /** Writes still waiting for the link, for the edge's status. */
  backlog(): number {
    return this.#unwritten.size;
  }

  async #bucket(): Promise<KV | undefined> {
    if (this.#kv) return this.#kv;
    if (!this.#nc || !this.connected()) return undefined;
    // The core creates the bucket; until it has, writes wait like any other while the link is down.
    this.#kv = await coreKv(this.#nc).open(overflowBucket);
    return this.#kv;
  }

  async #flush(): Promise<void> {
    if (this.#flushing || this.#unwritten.size === 0) return;
    this.#flushing = true;
    try {
      const kv = await this.#bucket();
      if (!kv) return;
      while (this.#unwritten.size > 0) {
        for (const [key, session] of [...this.#unwritten]) {
          if (session) await kv.put(key, OverflowSession.encode(session).finish());
          else await kv.delete(key);
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
    if (this.#timer) clearInterval(this.#timer);
    if (this.#refresh) clearInterval(this.#refresh);
    this.#subscription?.unsubscribe();
  }
}

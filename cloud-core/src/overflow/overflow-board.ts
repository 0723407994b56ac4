import { EventEmitter } from 'node:events';
import { OverflowSession } from '@branchline/proto';
import { backoffDelay, type Logger, overflowKey, overflowSessionMaxAgeMs, sleep } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import { byUrgency, type OverflowSessionView, sessionView } from './session-view.js';

export type BoardChange =
  | { type: 'session'; session: OverflowSessionView }
  | { type: 'removed'; edgeId: string; conversationId: string };

/**
 * The fleet's offered conversations, as this core replica sees them: a watch on the `bl_overflow`
 * bucket the edges write, so every replica shows the same list without keeping any state itself.
 */
export class OverflowBoard {
  readonly #sessions = new Map<string, OverflowSessionView>();
  readonly #events = new EventEmitter();
  readonly #stopped = new AbortController();
  #done: Promise<void> | undefined;
  #sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly kv: KV,
    private readonly log: Logger,
  ) {
    this.#events.setMaxListeners(0);
  }

  start(): void {
    this.#done = this.#follow();
    // The bucket's max age drops old entries without a delete marker, so the watch never hears of
    // it: entries their edge stopped refreshing are forgotten here the same way.
    this.#sweep = setInterval(() => this.#forgetStale(), 60_000);
    this.#sweep.unref();
  }

  #forgetStale(now = Date.now()): void {
    for (const [key, session] of this.#sessions)
      if (now - Date.parse(session.updatedAt) > overflowSessionMaxAgeMs) this.#remove(key);
  }

  async #follow(): Promise<void> {
    const signal = this.#stopped.signal;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const watcher = await this.kv.watch({ key: '>' });
        const stop = () => watcher.stop();
        signal.addEventListener('abort', stop, { once: true });
        attempt = 0;
        for await (const entry of watcher) {
          if (entry.operation === 'PUT' && entry.value.length > 0) this.#put(entry.key, entry.value);
          else this.#remove(entry.key);
        }
        signal.removeEventListener('abort', stop);
      } catch (error) {
        if (signal.aborted) return;
        const delay = backoffDelay(attempt, { initialMs: 500, maxMs: 10_000 });
        this.log.warn({ err: (error as Error).message, retryInMs: delay }, 'overflow watch broken');
        await sleep(delay, signal).catch(() => undefined);
      }
    }
  }

  #put(key: string, value: Uint8Array): void {
    try {
      const session = sessionView(OverflowSession.decode(value));
      this.#sessions.set(key, session);
      this.#events.emit('change', { type: 'session', session } satisfies BoardChange);
    } catch (error) {
      this.log.warn({ key, err: (error as Error).message }, 'malformed overflow session ignored');
    }
  }

  #remove(key: string): void {
    const session = this.#sessions.get(key);
    if (!session) return;
    this.#sessions.delete(key);
    this.#events.emit('change', {
      type: 'removed',
      edgeId: session.edgeId,
      conversationId: session.conversationId,
    } satisfies BoardChange);
  }

  list(): OverflowSessionView[] {
    return [...this.#sessions.values()].sort(byUrgency);
  }

  get(edgeId: string, conversationId: string): OverflowSessionView | undefined {
    return this.#sessions.get(overflowKey(edgeId, conversationId));
  }

  subscribe(listener: (change: BoardChange) => void): () => void {
    this.#events.on('change', listener);
    return () => this.#events.off('change', listener);
  }

  async stop(): Promise<void> {
    clearInterval(this.#sweep);
    this.#stopped.abort();
    await this.#done;
  }
}

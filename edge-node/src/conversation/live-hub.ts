import { EventEmitter } from 'node:events';

/** What a conversation's live stream carries; `seq` is set for transcript messages. */
export interface LiveEvent {
  type: 'message' | 'typing' | 'handoff' | 'queue' | 'end';
  seq?: number;
  data: Record<string, unknown>;
}

/**
 * Fan-out of live events per conversation to its open streams. The transcript in SQLite is the
 * record; this only pushes what was just written, so a client that missed it replays from there.
 */
export class LiveHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; a busy conversation may have a few (customer tabs, agents).
    this.emitter.setMaxListeners(0);
  }

  publish(conversationId: string, event: LiveEvent): void {
    this.emitter.emit(conversationId, event);
  }

  subscribe(conversationId: string, listener: (event: LiveEvent) => void): () => void {
    this.emitter.on(conversationId, listener);
    return () => this.emitter.off(conversationId, listener);
  }
}

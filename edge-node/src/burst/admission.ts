import type { AiSlots } from './ai-slots.js';

export type Ticket = { kind: 'slot' | 'burst'; release(): void };

export interface Admission {
  /** A slot here when one is free; burst capacity when the branch is full and workers are there; else the wait for a slot. */
  admit(): Promise<Ticket>;
  /** A slot here, however long it takes: for a turn burst capacity could not answer. */
  slot(): Promise<Ticket>;
}

/** Admission control for AI turns: the branch's own slots first, then burst capacity, then the queue. */
export function createAdmission(slots: AiSlots, burst: { available(): boolean } | undefined): Admission {
  const slotTicket = (): Ticket => {
    let released = false;
    return {
      kind: 'slot',
      release: () => {
        if (released) return;
        released = true;
        slots.release();
      },
    };
  };
  const slot = async () => {
    await slots.acquire();
    return slotTicket();
  };
  return {
    slot,
    admit: async () => {
      if (slots.tryAcquire()) return slotTicket();
      if (burst?.available()) return { kind: 'burst', release: () => undefined };
      return slot();
    },
  };
}

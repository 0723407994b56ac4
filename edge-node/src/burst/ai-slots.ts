/**
 * The branch's AI slots: how many turns the edge works on at once (local answers, tools and cloud
 * dialog). A turn takes a slot or waits for one, first come first served; the limit comes from the
 * fleet configuration and may change while turns are in flight.
 */
export class AiSlots {
  #inFlight = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: () => number) {}

  inFlight(): number {
    return this.#inFlight;
  }

  waiting(): number {
    return this.#waiting.length;
  }

  /** Share of the limit in use (can pass 1 right after the limit was lowered). */
  utilization(): number {
    return this.#inFlight / Math.max(1, this.limit());
  }

  tryAcquire(): boolean {
    if (this.#waiting.length > 0 || this.#inFlight >= this.limit()) return false;
    this.#inFlight++;
    return true;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    this.#inFlight--;
    this.#wakeWaiters();
  }

  #wakeWaiters(): void {
    while (this.#waiting.length > 0 && this.#inFlight < this.limit()) {
      this.#inFlight++;
      this.#waiting.shift()?.();
    }
  }
}

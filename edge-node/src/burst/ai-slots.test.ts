import { describe, expect, it } from 'vitest';
import { AiSlots } from './ai-slots.js';

describe('AI slots', () => {
  it('admits up to the limit, then queues in arrival order', async () => {
    const slots = new AiSlots(() => 2);
    expect(slots.tryAcquire()).toBe(true);
    expect(slots.tryAcquire()).toBe(true);
    expect(slots.tryAcquire()).toBe(false);
    const order: string[] = [];
    const first = slots.acquire().then(() => order.push('first'));
    const second = slots.acquire().then(() => order.push('second'));
    expect(slots.waiting()).toBe(2);
    slots.release();
    await first;
    expect(order).toEqual(['first']);
    // A newcomer does not jump the queue while someone waits.
    expect(slots.tryAcquire()).toBe(false);
    slots.release();
    await second;
    expect(order).toEqual(['first', 'second']);
    expect(slots.inFlight()).toBe(2);
  });

  it('follows a limit raised by the fleet configuration', async () => {
    let limit = 1;
    const slots = new AiSlots(() => limit);
    expect(slots.tryAcquire()).toBe(true);
    const waiting = slots.acquire();
    limit = 3;
    slots.release();
    await waiting;
    expect(slots.tryAcquire()).toBe(true);
    expect(slots.utilization()).toBeCloseTo(2 / 3);
  });
});

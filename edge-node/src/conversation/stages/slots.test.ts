import { describe, expect, it } from 'vitest';
import { extractSlots } from './slots.js';

const today = new Date('2026-11-23T09:00:00Z');

describe('slots from a tokenized turn', () => {
  it('finds order ids, days, times of day and address tokens', () => {
    expect(extractSlots('订单bl-240003到哪了', today)).toEqual({ orderId: 'BL-240003' });
    expect(extractSlots('请明天下午上门', today)).toEqual({ date: '2026-11-24', slot: 'afternoon' });
    expect(extractSlots('book a visit on 2026-12-01 in the morning', today)).toEqual({
      date: '2026-12-01',
      slot: 'morning',
    });
    expect(extractSlots('把BL-240001改送到⟦ADDRESS_2⟧', today)).toEqual({
      orderId: 'BL-240001',
      address: '⟦ADDRESS_2⟧',
    });
  });

  it('reads a month and day said in December as next year when it has passed', () => {
    expect(extractSlots('12月5日上午', today).date).toBe('2026-12-05');
    expect(extractSlots('3月2号', today).date).toBe('2027-03-02');
  });
});

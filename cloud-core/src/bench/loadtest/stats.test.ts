import { describe, expect, it } from 'vitest';
import { distribution, percentile, slope, Tally } from './stats.js';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([1200, 1900, 2500], 95)).toBe(2500);
  });

  it('has no answer without values, and refuses a percentile outside 0-100', () => {
    expect(percentile([], 95)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('distribution', () => {
  it('sorts, rounds to whole ms and counts', () => {
    expect(distribution([2000.4, 10, 1500.6, 30])).toEqual({
      count: 4,
      p50: 30,
      p95: 2000,
      p99: 2000,
      max: 2000,
    });
    expect(distribution([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});

describe('slope', () => {
  it('is the least-squares trend, zero for a flat or too short series', () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })))).toBeCloseTo(2);
    expect(slope([0, 1, 2].map((x) => ({ x, y: 4 })))).toBe(0);
    expect(slope([{ x: 1, y: 1 }])).toBe(0);
  });
});

describe('Tally', () => {
  it('counts what customers saw: abandoned waits count, failures do not', () => {
    const tally = new Tally();
    for (let i = 0; i < 4; i++) tally.turnSent();
    tally.turnEnded({ outcome: 'answered', kind: 'open', ms: 1200, handledBy: 'cloud', available: true });
    tally.turnEnded({ outcome: 'answered', kind: 'open', ms: 1300, handledBy: 'burst', available: true });
    tally.turnEnded({ outcome: 'abandoned', kind: 'open', ms: 8000 });
    expect(tally.snapshot()).toMatchObject({
      sent: 4,
      answered: 2,
      abandoned: 1,
      inFlight: 1,
      burstShare: 0.5,
    });
    tally.turnEnded({ outcome: 'failed', kind: 'routine', ms: 3, error: 'http_429' });
    expect(tally.waits()).toEqual([1200, 1300, 8000]);
    expect(tally.errors()).toEqual({ http_429: 1 });
    expect(tally.handledBy()).toEqual({ cloud: 1, burst: 1 });
  });
});

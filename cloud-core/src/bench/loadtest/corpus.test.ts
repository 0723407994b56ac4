import { describe, expect, it } from 'vitest';
import { corpus, openShare } from './corpus.js';
import { createLatencyModel } from './latency-model.js';
import { createRandom } from './random.js';

const han = /\p{Script=Han}/u;

describe('the load test corpus', () => {
  it('has Chinese and English customers of a bank, a utility and a car dealer', () => {
    const zh = corpus.filter((c) => c.locale === 'zh-CN');
    const en = corpus.filter((c) => c.locale === 'en');
    expect(zh.length).toBeGreaterThanOrEqual(20);
    expect(en.length).toBeGreaterThanOrEqual(20);
    expect(new Set(corpus.map((c) => c.industry))).toEqual(new Set(['bank', 'utility', 'car_dealer']));
  });

  it('writes each conversation in its own language, 1 to 3 non-empty turns', () => {
    for (const c of corpus) {
      expect(c.turns.length).toBeGreaterThanOrEqual(1);
      expect(c.turns.length).toBeLessThanOrEqual(3);
      for (const t of c.turns) {
        expect(t.text.trim()).not.toBe('');
        expect(han.test(t.text), t.text).toBe(c.locale === 'zh-CN');
      }
    }
  });

  it('is mostly open questions, with some routine ones the branch answers itself', () => {
    expect(openShare()).toBeGreaterThan(0.55);
    expect(openShare()).toBeLessThan(0.9);
  });
});

describe('the seeded load', () => {
  it('repeats with the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('draws model latency around its median, capped at four times it', () => {
    const latency = createLatencyModel({ medianMs: 1200, seed: 1 });
    const samples = Array.from({ length: 4000 }, () => latency.sample()).sort((x, y) => x - y);
    const median = samples[2000] ?? 0;
    expect(median).toBeGreaterThan(1100);
    expect(median).toBeLessThan(1300);
    expect(samples.at(-1)).toBeLessThanOrEqual(4800);
    expect(latency.meanMs).toBeGreaterThan(1200);
  });
});

import { seededRandom } from '../../training/random.js';

/** A small seeded generator, so the same seed offers the same load. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Exponentially distributed with this mean: the gaps between Poisson arrivals. */
  exponential(mean: number): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

/** The trainer's seeded mulberry32, with the draws a load needs. */
export function createRandom(seed: number): Random {
  const next = seededRandom(seed);
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from nothing');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

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

/** mulberry32: 32 bits of state, fast, and good enough to spread load. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
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

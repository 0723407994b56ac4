import { describe, expect, it } from 'vitest';
import { SortedList } from './sorted.js';

interface Item {
  key: number;
  seq: number;
}
const compare = (a: Item, b: Item) => a.key - b.key || a.seq - b.seq;

function toArray(list: SortedList<Item>): Item[] {
  return list.chunks.flat();
}

describe('SortedList', () => {
  it('agrees with a sorted array through inserts and removals at both ends and in between', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // A small block size so splits and merges happen constantly.
    const list = new SortedList<Item>(compare, 8);
    let model: Item[] = [];
    let seq = 0;
    for (let step = 0; step < 5_000; step++) {
      const roll = random();
      // Grow, then shrink to empty, then grow again, so blocks are split and merged away.
      const growing = step % 2_000 < 1_200;
      if (model.length === 0 || roll < (growing ? 0.65 : 0.3)) {
        const item = { key: Math.floor(random() * 50), seq: seq++ };
        list.insert(item);
        model.push(item);
        model.sort(compare);
      } else {
        const from = roll < 0.8 ? Math.floor(random() * model.length) : roll < 0.9 ? 0 : model.length - 1;
        const item = model[from] as Item;
        expect(list.remove(item)).toBe(true);
        model = model.filter((m) => m !== item);
        expect(list.remove(item)).toBe(false);
        expect(list.indexOf(item)).toBe(-1);
      }
      expect(list.size).toBe(model.length);
      expect(list.first()).toBe(model[0]);
      if (step % 50 === 0) {
        expect(toArray(list)).toEqual(model);
        model.forEach((item, i) => {
          expect(list.indexOf(item)).toBe(i);
        });
      }
    }
  });
});

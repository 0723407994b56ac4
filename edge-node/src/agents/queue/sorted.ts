export type Compare<T> = (a: T, b: T) => number;

/**
 * A sorted sequence kept as a list of short sorted blocks (the idea behind Python's
 * sortedcontainers). A single sorted array makes every insert or removal move all the entries
 * after it, and a queue is worked at both ends: arrivals land near the back, agents take from the
 * front. Blocks bound the move to one block, while `list()` and `position()` still read the
 * order directly instead of sorting a heap on every call.
 *
 * insert/remove O(log n + blockSize), first O(1), indexOf O(log n + n / blockSize).
 * `compare` must be a total order: only an item compares equal to itself.
 */
export class SortedList<T> {
  private readonly blocks: T[][] = [];
  private count = 0;

  constructor(
    private readonly compare: Compare<T>,
    private readonly blockSize = 64,
  ) {}

  get size(): number {
    return this.count;
  }

  first(): T | undefined {
    return this.blocks[0]?.[0];
  }

  insert(item: T): void {
    this.count++;
    const { blocks, compare } = this;
    if (blocks.length === 0) {
      blocks.push([item]);
      return;
    }
    // The first block whose last element sorts after the item, or the last block to append to.
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(lastOf(blocks[mid] as T[]), item) > 0) hi = mid;
      else lo = mid + 1;
    }
    const block = blocks[lo] as T[];
    block.splice(upperBound(block, item, compare), 0, item);
    if (block.length > 2 * this.blockSize) blocks.splice(lo + 1, 0, block.splice(this.blockSize));
  }

  remove(item: T): boolean {
    const b = this.blockOf(item);
    const block = this.blocks[b];
    if (!block) return false;
    const at = lowerBound(block, item, this.compare);
    if (block[at] !== item) return false;
    block.splice(at, 1);
    this.count--;
    if (block.length === 0) this.blocks.splice(b, 1);
    else if (block.length < this.blockSize / 4) this.mergeAround(b);
    return true;
  }

  /** 0-based place of `item`, or -1 when it is not in the list. */
  indexOf(item: T): number {
    const b = this.blockOf(item);
    const block = this.blocks[b];
    if (!block) return -1;
    const at = lowerBound(block, item, this.compare);
    if (block[at] !== item) return -1;
    let before = 0;
    for (let i = 0; i < b; i++) before += (this.blocks[i] as T[]).length;
    return before + at;
  }

  /**
   * The blocks, in order, for callers that walk the whole list in a hot loop: plain nested loops
   * there beat a callback or an iterator per item.
   */
  get chunks(): readonly (readonly T[])[] {
    return this.blocks;
  }

  /** The first block whose last element does not sort before the item: where the item would be. */
  private blockOf(item: T): number {
    const { blocks, compare } = this;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(lastOf(blocks[mid] as T[]), item) >= 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  // Without merging, a long run of removals would leave many near-empty blocks and make
  // indexOf walk them all.
  private mergeAround(b: number) {
    const left = b + 1 < this.blocks.length ? b : b - 1;
    const block = this.blocks[left];
    const next = this.blocks[left + 1];
    if (!block || !next) return;
    block.push(...next);
    this.blocks.splice(left + 1, 1);
    if (block.length > 2 * this.blockSize) this.blocks.splice(left + 1, 0, block.splice(this.blockSize));
  }
}

function lastOf<T>(block: T[]): T {
  return block[block.length - 1] as T;
}

/** First index whose element sorts after `item`. */
function upperBound<T>(items: readonly T[], item: T, compare: Compare<T>): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(items[mid] as T, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose element does not sort before `item`. */
function lowerBound<T>(items: readonly T[], item: T, compare: Compare<T>): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(items[mid] as T, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

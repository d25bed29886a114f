// Deterministic randomness for generated benchmark data: the same seed gives the same files on every machine.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny and fast, plenty for test data (not for anything secret). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** murmur3's finalizer: spreads nearby inputs (row 1, row 2, …) over unrelated seeds. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The random stream of row `i` of one kind of row. Any row can be recomputed on its own, so a payment
 * re-derives the invoice it pays instead of the generator keeping a million invoices in memory.
 */
export function rowRandom(seed: number, stream: number, i: number): Random {
  return mulberry32(fmix32(fmix32(seed ^ Math.imul(stream, 0x9e3779b1)) ^ i));
}

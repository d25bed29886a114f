// Which rows of one source repeat a key (external id, owner email) of an earlier row, in bounded memory.
//
// A source may hold a million rows, read in batches, so the keys seen must outlive a batch. Keeping the strings
// costs about 85 bytes a key in a Map (80 MB of the import's 300 MB budget at a million invoices). What is kept
// instead is a 64-bit hash of each key and the position of its first row: a chained hash table whose entries sit in
// fixed chunks of typed arrays that are never reallocated, and whose bucket heads double when full, about 20 bytes
// a key (test/bench/repeated-keys-memory.ts). Growing leaves almost no garbage behind: open addressing, which would
// keep fewer bytes a key, copies the whole table on each growth and left 3-4 times its size for the GC to find.
// Two different keys share a 64-bit hash with a probability of about n²/2⁶⁵ (3·10⁻⁸ for a million keys): that
// pair would be reported as a repeat; a real repeat is never missed.

/** Remembers keys and where each was first seen. */
export interface RepeatedKeys {
  /** The position of an earlier row with this key, or null (and `pos` is remembered as the key's first). */
  earlier(key: string, pos: number): number | null;
  readonly size: number;
}

/** Entries per chunk: 16,384 entries of 4 words are 256 KB, above malloc's mmap threshold, so freed whole. */
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
/** An entry is (hash hi, hash lo, pos, next entry + 1); next + 1 = 0 ends a chain. */
const WORDS = 4;

/**
 * A set of keys with the position each was first seen at.
 * @example const keys = createRepeatedKeys(); keys.earlier('INV-1', 2); keys.earlier('INV-1', 9) // 2
 */
export function createRepeatedKeys(): RepeatedKeys {
  const chunks: Uint32Array[] = [];
  let heads = new Uint32Array(1024);
  let size = 0;

  const entry = (e: number) => chunks[e >>> CHUNK_BITS]!;
  const at = (e: number) => (e & (CHUNK - 1)) * WORDS;
  const rehash = () => {
    heads = new Uint32Array(heads.length * 2);
    const mask = heads.length - 1;
    for (let e = 0; e < size; e++) {
      const c = entry(e);
      const o = at(e);
      const b = c[o + 1]! & mask;
      c[o + 3] = heads[b]!;
      heads[b] = e + 1;
    }
  };

  return {
    get size() {
      return size;
    },
    earlier(key, pos) {
      hash64(key);
      const hi = lastHi;
      const lo = lastLo;
      const b = lo & (heads.length - 1);
      for (let next = heads[b]!; next !== 0;) {
        const c = entry(next - 1);
        const o = at(next - 1);
        if (c[o] === hi && c[o + 1] === lo) return c[o + 2]!;
        next = c[o + 3]!;
      }
      if ((size & (CHUNK - 1)) === 0) chunks.push(new Uint32Array(CHUNK * WORDS));
      const c = entry(size);
      const o = at(size);
      c[o] = hi;
      c[o + 1] = lo;
      // Positions are lines or item indexes, far below 2³².
      c[o + 2] = pos;
      c[o + 3] = heads[b]!;
      heads[b] = ++size;
      if (size > heads.length) rehash();
      return null;
    },
  };
}

let lastHi = 0;
let lastLo = 0;

/**
 * A 64-bit hash of a string's UTF-16 code units into lastHi and lastLo, two unsigned 32-bit halves (cyrb53's mixing,
 * by bryc, public domain, keeping all 64 bits); module state rather than a returned pair saves an array a row.
 */
function hash64(text: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  lastHi = h2 >>> 0;
  lastLo = h1 >>> 0;
}

import { takeToken, type Bucket, type BucketRule } from '../../src/domain/token-bucket.js';

export interface RateLimiter {
  /** Takes a token for `key`; `retryAfterSeconds` when refused. */
  take(key: string, nowMs: number): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

/**
 * Token buckets per key, in this process's memory. Per instance: with N instances behind a load balancer a client
 * gets up to N times the rate, and a restart forgets every bucket. That is enough to stop a script hammering a
 * form; it is not an accounting limit. At most `maxKeys` buckets are kept; the least recently used goes first.
 */
export function createRateLimiter(rule: BucketRule, maxKeys = 10_000): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, nowMs) {
      const t = takeToken(buckets.get(key), rule, nowMs);
      // Re-inserting moves the key to the end: Map iteration order is then least recently used first.
      buckets.delete(key);
      buckets.set(key, t.bucket);
      while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      return t.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: t.retryAfterSeconds };
    },
  };
}

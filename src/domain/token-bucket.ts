/** A token bucket: holds up to `capacity` tokens, refilled continuously at `perSecond`; each request takes one. */
export interface BucketRule {
  readonly capacity: number;
  readonly perSecond: number;
}

export interface Bucket {
  readonly tokens: number;
  /** Milliseconds since the epoch of the last update. */
  readonly at: number;
}

export type Take =
  | { readonly allowed: true; readonly bucket: Bucket }
  | { readonly allowed: false; readonly bucket: Bucket; readonly retryAfterSeconds: number };

/**
 * Takes one token at `nowMs` from `bucket` (a full bucket when undefined). Time running backwards refills nothing.
 * @example takeToken(undefined, { capacity: 2, perSecond: 1 }, 0) // { allowed: true, bucket: { tokens: 1, at: 0 } }
 */
export function takeToken(bucket: Bucket | undefined, rule: BucketRule, nowMs: number): Take {
  const elapsed = bucket ? Math.max(0, nowMs - bucket.at) / 1000 : 0;
  const tokens = bucket ? Math.min(rule.capacity, bucket.tokens + elapsed * rule.perSecond) : rule.capacity;
  const at = bucket ? Math.max(bucket.at, nowMs) : nowMs;
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, at } };
  return { allowed: false, bucket: { tokens, at }, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rule.perSecond)) };
}

import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../adapters/http/rate-limiter.js';
import { takeToken, type Bucket } from '../../src/domain/token-bucket.js';

const rule = { capacity: 3, perSecond: 0.5 };

/** Takes at each instant (ms) in turn and reports which were allowed. */
function run(times: number[]): boolean[] {
  let b: Bucket | undefined;
  return times.map((t) => {
    const r = takeToken(b, rule, t);
    b = r.bucket;
    return r.allowed;
  });
}

describe('takeToken', () => {
  it.each([
    ['a burst up to the capacity, then refuses', [0, 0, 0, 0], [true, true, true, false]],
    ['one more after the refill time of one token', [0, 0, 0, 0, 2000], [true, true, true, false, true]],
    ['nothing more before a whole token has refilled', [0, 0, 0, 1999], [true, true, true, false]],
    ['no more than the capacity after a long pause', [0, 0, 0, 3_600_000, 3_600_000, 3_600_000, 3_600_000], [true, true, true, true, true, true, false]],
    ['no refill when the clock goes backwards', [10_000, 10_000, 10_000, 0, 5_000], [true, true, true, false, false]],
  ])('allows %s', (_what, times, allowed) => {
    expect(run(times)).toEqual(allowed);
  });

  it('says how long to wait when it refuses', () => {
    const empty = { tokens: 0.25, at: 0 };
    expect(takeToken(empty, rule, 0)).toEqual({ allowed: false, bucket: empty, retryAfterSeconds: 2 });
    expect(takeToken({ tokens: 0.9, at: 0 }, { capacity: 1, perSecond: 1 / 60 }, 0)).toMatchObject({ retryAfterSeconds: 6 });
  });
});

describe('createRateLimiter', () => {
  it('keeps one bucket per key', () => {
    const l = createRateLimiter({ capacity: 1, perSecond: 0.001 });
    expect([l.take('a', 0).allowed, l.take('a', 0).allowed, l.take('b', 0).allowed]).toEqual([true, false, true]);
  });

  it('forgets the least recently used key beyond its size, which then starts full again', () => {
    const l = createRateLimiter({ capacity: 1, perSecond: 0.001 }, 2);
    l.take('a', 0);
    l.take('b', 0);
    expect(l.take('a', 0).allowed).toBe(false); // a is now the most recent
    l.take('c', 0); // evicts b
    expect(l.take('a', 0).allowed).toBe(false);
    expect(l.take('b', 0).allowed).toBe(true);
  });
});

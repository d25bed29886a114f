import type { Ratio } from './ratio.js';

/** At most this many periods are walked back: the current month so far and 24 whole months. */
export const COUNTBACK_PERIODS = 25;

/** One countback period: its sales (minor units) and its length in days. */
export interface CountbackPeriod {
  readonly sales: bigint;
  readonly days: number;
}

export type CountbackWalk = { readonly done: true; readonly days: Ratio } | { readonly done: false };

/**
 * Walks back over `periods` (newest first, as given so far) with left = open_ar and days = 0: a period with
 * sales S > 0 and left ≥ S is consumed whole (left −= S, days += L); with left < S it adds L × left / S and the
 * walk stops; a period without sales adds L. After 25 periods the walk stops with the days counted so far.
 * It also stops when left reaches exactly 0: that is the limit of the left < S rule (L × 0 / S adds nothing).
 * Read literally, the definition would let months without sales after that point still add their days: one
 * unpaid 500 invoice against a single 500 sale seven months ago would count 760 days instead of 214.
 * `done: false` means the walk needs more periods than were given (an adapter fetches the older ones).
 * @example walkCountback(150n, [{ sales: 100n, days: 15 }, { sales: 100n, days: 28 }]) // { done: true, days: 29/1 } (15 + 28 × 50/100)
 */
export function walkCountback(openAr: bigint, periods: readonly CountbackPeriod[]): CountbackWalk {
  let left = openAr;
  let whole = 0n;
  for (const [k, p] of periods.entries()) {
    if (k >= COUNTBACK_PERIODS) break;
    const length = BigInt(p.days);
    if (p.sales > 0n && left < p.sales) return { done: true, days: { num: whole * p.sales + length * left, den: p.sales } };
    if (p.sales > 0n) left -= p.sales;
    whole += length;
    if (left === 0n) return { done: true, days: { num: whole, den: 1n } };
  }
  return periods.length >= COUNTBACK_PERIODS ? { done: true, days: { num: whole, den: 1n } } : { done: false };
}

/**
 * dso_countback in days, exact: 0 when open_ar is 0; null when there were no sales in the 24 months before D;
 * otherwise the walk of `walkCountback`. Throws if `periods` stop before the walk does (a caller's bug).
 * @example dsoCountback(0n, [], false) // { num: 0n, den: 1n }
 */
export function dsoCountback(openAr: bigint, periods: readonly CountbackPeriod[], hasSales24m: boolean): Ratio | null {
  if (openAr === 0n) return { num: 0n, den: 1n };
  if (!hasSales24m) return null;
  const walk = walkCountback(openAr, periods);
  if (!walk.done) throw new Error(`countback needs more than the ${periods.length} periods given`);
  return walk.days;
}

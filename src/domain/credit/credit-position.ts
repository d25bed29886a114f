/**
 * A customer's credit position in its limit's currency: open AR (what its open invoices in that currency still
 * owe) against the credit limit. Integer minor units throughout; the share is in basis points of the limit so no
 * float decides anything (`usedPercent` is for display only).
 */
export interface CreditPosition {
  readonly limitMinor: bigint;
  readonly openMinor: bigint;
  /** limit − open, never below zero. */
  readonly availableMinor: bigint;
  /** open − limit when positive, else 0. */
  readonly overMinor: bigint;
  /** Open AR as a share of the limit, in basis points (floor); null for a limit of 0 (any open AR is over it). */
  readonly usedBasisPoints: bigint | null;
  readonly overLimit: boolean;
}

/**
 * The position of `openMinor` against `limitMinor` (both ≥ 0, same currency).
 * @example creditPosition(10_000_00n, 8_500_00n) // { limitMinor: 1000000n, openMinor: 850000n, availableMinor: 150000n, overMinor: 0n, usedBasisPoints: 8500n, overLimit: false }
 * @example creditPosition(0n, 1n).overLimit // true
 */
export function creditPosition(limitMinor: bigint, openMinor: bigint): CreditPosition {
  const available = limitMinor - openMinor;
  return {
    limitMinor,
    openMinor,
    availableMinor: available > 0n ? available : 0n,
    overMinor: available < 0n ? -available : 0n,
    usedBasisPoints: limitMinor === 0n ? null : (openMinor * 10_000n) / limitMinor,
    overLimit: openMinor > limitMinor,
  };
}

/**
 * The used share as a percentage with one decimal, rounded down (for JSON and cards): null for a limit of 0.
 * @example usedPercent(creditPosition(300_00n, 100_00n)) // 33.3
 */
export function usedPercent(p: CreditPosition): number | null {
  return p.usedBasisPoints === null ? null : Number(p.usedBasisPoints / 10n) / 10;
}

/** The shares of the limit that alert the account manager and finance, in percent. */
export const creditThresholds = [80, 100] as const;
export type CreditThreshold = (typeof creditThresholds)[number];

/**
 * The thresholds open AR has reached: open ≥ threshold% of the limit, with something open (a limit of 0 with
 * nothing owed crosses nothing). The SQL twin is raiseCreditThresholdAlerts in
 * adapters/postgres/credit-alerts.ts (`open > 0 AND open * 100 >= limit * pct`), held equal by
 * test/integration/credit-limits.test.ts.
 * @example crossedThresholds(10_000_00n, 8_000_00n) // [80]
 * @example crossedThresholds(10_000_00n, 10_000_00n) // [80, 100]
 * @example crossedThresholds(0n, 0n) // []
 */
export function crossedThresholds(limitMinor: bigint, openMinor: bigint): CreditThreshold[] {
  return creditThresholds.filter((pct) => openMinor > 0n && openMinor * 100n >= limitMinor * BigInt(pct));
}

/**
 * Whether a customer is past the overdue limit: an invoice more than `overdueDays` (CREDIT_OVERDUE_DAYS) days past
 * its due date still open. `oldestOverdueDays`: the most days any open invoice is overdue (null: none is).
 * @example isPastOverdueLimit(61, 60) // true
 * @example isPastOverdueLimit(60, 60) // false
 */
export function isPastOverdueLimit(oldestOverdueDays: number | null, overdueDays: number): boolean {
  return oldestOverdueDays !== null && oldestOverdueDays > overdueDays;
}

import { ratio, scaleRatio, type Ratio } from './ratio.js';

/**
 * dso_90d = open_ar / sales(D − 90 days, D] × 90, exact; null without sales in those 90 days.
 * @example dso90d(3000n, 9000n) // { num: 270000n, den: 9000n } (30 days)
 */
export function dso90d(openAr: bigint, sales90d: bigint): Ratio | null {
  return scaleRatio(ratio(openAr, sales90d), 90n);
}

/**
 * best_possible_dso = (open_ar − overdue_amount) / sales(D − 90 days, D] × 90.
 * @example bestPossibleDso(3000n, 1000n, 9000n) // 20 days
 */
export function bestPossibleDso(openAr: bigint, overdueAmount: bigint, sales90d: bigint): Ratio | null {
  return scaleRatio(ratio(openAr - overdueAmount, sales90d), 90n);
}

/**
 * add (average days delinquent) = dso_90d − best_possible_dso = overdue_amount / sales × 90, exact, so it is
 * rounded once rather than being the difference of two rounded figures.
 * @example averageDaysDelinquent(1000n, 9000n) // 10 days
 */
export function averageDaysDelinquent(overdueAmount: bigint, sales90d: bigint): Ratio | null {
  return scaleRatio(ratio(overdueAmount, sales90d), 90n);
}

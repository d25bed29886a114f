import { roundedNumber } from '../kpi/ratio.js';

/**
 * The median of whole numbers (durations in seconds): the middle value, or the mean of the two middle values of
 * an even count; null for none. The input is not changed.
 * @example median([5, 1, 3]) // 3; median([1, 2, 3, 10]) // 2.5; median([]) // null
 */
export function median(values: readonly number[]): number | null {
  const twice = twiceMedian(values);
  return twice === null ? null : twice / 2;
}

/**
 * The median of durations in whole seconds, in hours rounded once, exactly, to 2 decimals (half away from zero);
 * null for none.
 * @example medianHours([3600, 7200]) // 1.5; medianHours([100]) // 0.03
 */
export function medianHours(seconds: readonly number[]): number | null {
  const twice = twiceMedian(seconds);
  return twice === null ? null : roundedNumber({ num: BigInt(twice), den: 7200n }, 2);
}

/** Twice the median, an exact integer for integer input (the sum of the two middle values of an even count). */
function twiceMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? 2 * sorted[mid]! : sorted[mid - 1]! + sorted[mid]!;
}

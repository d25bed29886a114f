/**
 * The median time to answer a customer reply, in hours with one decimal (half away from zero), from each handled
 * reply's seconds between received and handled. Null when none was handled. Computed on whole seconds so the
 * result does not depend on the order of the list or on float sums.
 * @example medianHoursToAnswer([3600, 7200, 36000]) // 2
 * @example medianHoursToAnswer([3600, 9000]) // 1.8 (the middle of 1 h and 2.5 h, 1.75, rounded up)
 * @example medianHoursToAnswer([]) // null
 */
export function medianHoursToAnswer(seconds: readonly number[]): number | null {
  if (seconds.length === 0) return null;
  const sorted = [...seconds].map((s) => Math.max(0, Math.round(s))).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Twice the median, a whole number of seconds: the mean of the two middle values without a fraction.
  const twice = sorted.length % 2 === 1 ? 2 * sorted[mid]! : sorted[mid - 1]! + sorted[mid]!;
  // Tenths of an hour: twice / 2 / 3600 * 10 = twice / 720, rounded half up on integers.
  return Math.floor((twice + 360) / 720) / 10;
}

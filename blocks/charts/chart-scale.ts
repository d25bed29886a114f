/**
 * The top of a value axis and its step: the smallest 1, 2 or 5 × 10^k step giving at most `maxTicks` steps up to a
 * top at or above `max` (10 when there is nothing to show, so an empty axis still reads 0 to 10).
 * @example niceAxis(41.3) // { top: 50, step: 10 }
 * @example niceAxis(0.226 * 100) // { top: 25, step: 5 }
 */
export function niceAxis(max: number, maxTicks = 5): { top: number; step: number } {
  if (!Number.isFinite(max) || max <= 0) return { top: 10, step: 2 };
  for (let exp = Math.floor(Math.log10(max / maxTicks)) - 1; ; exp++) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** exp;
      const top = Math.ceil(max / step - 1e-9) * step;
      if (top / step <= maxTicks) return { top: Number(top.toPrecision(12)), step: Number(step.toPrecision(12)) };
    }
  }
}

/**
 * A tick label: integers as integers, others to the step's decimals.
 * @example tickLabel(2.5, 0.5) // "2.5"; tickLabel(40, 10) // "40"
 */
export function tickLabel(value: number, step: number): string {
  const decimals = step >= 1 ? 0 : Math.min(4, Math.ceil(-Math.log10(step) - 1e-9));
  return value.toFixed(decimals);
}

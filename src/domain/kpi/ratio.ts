/**
 * An exact fraction of integers. KPIs are ratios of money or of day counts; they are kept exact until the
 * very end and rounded once, so a figure never depends on float error or on rounding an intermediate.
 */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * num / den, or null when the denominator is zero ("any ratio whose denominator is zero is null").
 * @example ratio(1n, 4n) // { num: 1n, den: 4n }; ratio(3n, 0n) // null
 */
export function ratio(num: bigint, den: bigint): Ratio | null {
  return den === 0n ? null : { num, den };
}

/**
 * Multiplies a ratio by an integer (× 90 for DSO, × 100 for CEI); null stays null.
 * @example scaleRatio({ num: 1n, den: 3n }, 90n) // { num: 90n, den: 3n }
 */
export function scaleRatio(r: Ratio | null, factor: bigint): Ratio | null {
  return r === null ? null : { num: r.num * factor, den: r.den };
}

/**
 * Rounds a ratio to `decimals` places, half away from zero, on the exact value, and writes it as a decimal
 * string ("45.67", "-0.50", "0.3333"). Null stays null.
 * @example roundRatio({ num: 1n, den: 8n }, 2)  // "0.13" (0.125 rounds away from zero)
 * @example roundRatio({ num: -1n, den: 8n }, 2) // "-0.13"
 */
export function roundRatio(r: Ratio | null, decimals: number): string | null {
  if (r === null) return null;
  const negative = r.num < 0n !== r.den < 0n && r.num !== 0n;
  const num = r.num < 0n ? -r.num : r.num;
  const den = r.den < 0n ? -r.den : r.den;
  const scaled = num * 10n ** BigInt(decimals);
  let q = scaled / den;
  if ((scaled % den) * 2n >= den) q += 1n;
  const digits = q.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const frac = decimals === 0 ? '' : `.${digits.slice(digits.length - decimals)}`;
  return `${negative && q !== 0n ? '-' : ''}${whole}${frac}`;
}

/**
 * The rounded ratio as a JSON number: a decimal of at most `decimals` places, which JSON writes back exactly
 * (0.1234 prints as 0.1234). Used for shares, days, DSO and CEI; money never goes through here.
 * @example roundedNumber({ num: 2n, den: 3n }, 4) // 0.6667
 */
export function roundedNumber(r: Ratio | null, decimals: number): number | null {
  const text = roundRatio(r, decimals);
  return text === null ? null : Number(text);
}

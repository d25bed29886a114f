/** Successes out of trials for one variant: whole counts, 0 ≤ successes ≤ trials. */
export interface Proportion {
  readonly successes: number;
  readonly trials: number;
}

/** z (positive when `a` does better) and the two-sided p-value; null when the test cannot be computed. */
export interface TwoProportionResult {
  readonly z: number;
  readonly p_value: number;
}

/**
 * The pooled two-proportion z-test: z = (p_a − p_b) / √(p(1 − p)(1/n_a + 1/n_b)) with p the pooled share, and the
 * two-sided p-value 2(1 − Φ(|z|)). Null when a variant has no trials or the pooled share is 0 or 1 (no spread:
 * nothing to compare). Throws on counts that are not whole, negative, or more successes than trials.
 * @example twoProportionZTest({ successes: 30, trials: 100 }, { successes: 20, trials: 100 }) // { z: 1.633, p_value: 0.1025 } (rounded)
 */
export function twoProportionZTest(a: Proportion, b: Proportion): TwoProportionResult | null {
  for (const v of [a, b]) {
    if (![v.successes, v.trials].every(Number.isSafeInteger) || v.successes < 0 || v.successes > v.trials) {
      throw new RangeError(`expected whole counts with 0 ≤ successes ≤ trials, got ${v.successes}/${v.trials}`);
    }
  }
  if (a.trials === 0 || b.trials === 0) return null;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0) return null;
  const z = (a.successes / a.trials - b.successes / b.trials) / se;
  return { z, p_value: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) };
}

/**
 * The complementary error function, erfc(x) = 2(1 − Φ(x√2)), by the Chebyshev fit of Numerical Recipes (erfcc,
 * relative error under 1.2e-7 everywhere): a p-value needs a few significant digits, not more.
 * @example erfc(0) // 1; erfc(1.959964 / Math.SQRT2) // ≈ 0.05
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

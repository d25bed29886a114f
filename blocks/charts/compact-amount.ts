import { currencyExponent } from '../../src/domain/currency.js';
import { formatAmount } from '../../src/domain/money.js';

const units = [[10n ** 9n, 'B'], [10n ** 6n, 'M'], [10n ** 3n, 'k']] as const;

/** a / b rounded half up, for a ≥ 0 and b > 0. */
const divRound = (a: bigint, b: bigint) => (a * 2n + b) / (2n * b);

/**
 * A short label for a bar, computed in integers: the largest of billions, millions and thousands that rounds to at
 * least 1.0 of it, with one decimal under 100 of them ("12.3k") and none from 100 ("350k"), rounded half up; under
 * 1,000 units the exact amount. Negative amounts (a credit balance) keep their sign.
 * @example compactAmount(123456789n, 'EUR') // "1.2M"
 * @example compactAmount(98050n, 'EUR') // "980.50"
 * @example compactAmount(999_960n, 'JPY') // "1M"
 */
export function compactAmount(minor: bigint, currency: string): string {
  if (minor < 0n) return `-${compactAmount(-minor, currency)}`;
  const one = 10n ** BigInt(currencyExponent(currency));
  for (const [size, suffix] of units) {
    const tenths = divRound(minor * 10n, one * size);
    // Under 1,000 units the exact amount; from there a unit as soon as it rounds to 1.0 (999,960 is "1M", not "1000k").
    if (tenths < 10n || minor < one * 1000n) continue;
    if (tenths >= 1000n) return `${divRound(minor, one * size)}${suffix}`;
    return `${tenths / 10n}${tenths % 10n === 0n ? '' : `.${tenths % 10n}`}${suffix}`;
  }
  return formatAmount(minor, currency);
}

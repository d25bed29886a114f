import { currencyExponent } from './currency.js';
import { formatAmount } from './money.js';

/**
 * An amount as finance reads it in an import report: digits grouped by thousands, then the currency code.
 * Exact: built from the decimal string, never through a float.
 * @example formatGroupedAmount(120000n, 'EUR') // "1,200.00 EUR"; formatGroupedAmount(5000n, 'JPY') // "5,000 JPY"
 */
export function formatGroupedAmount(minor: bigint, currency: string): string {
  const plain = formatAmount(minor, currency);
  const negative = plain.startsWith('-');
  const [whole, frac] = (negative ? plain.slice(1) : plain).split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${currencyExponent(currency) > 0 ? `.${frac}` : ''} ${currency}`;
}

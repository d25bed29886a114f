// Numbers for people, the same on every surface, without floats for money: KPI amounts arrive as exact decimal
// strings. No markup: callers escape what they pass in (a currency code is three capital letters, checked by the
// ledger, so escaping it changes nothing, but the wording does not rely on that).

/**
 * Thousands separators for a decimal string, digits untouched.
 * @example groupDigits('-1234567.50') // "-1,234,567.50"
 */
export function groupDigits(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  if (!m) return amount;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/**
 * Orders two decimal strings exactly (negative when a < b). Strings that are not decimals sort as equal.
 * @example compareDecimal('999.99', '1000.00') // -1
 */
export function compareDecimal(a: string, b: string): number {
  const scaled = (s: string): bigint | null => {
    const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(s);
    if (!m) return null;
    const v = BigInt(m[2]! + (m[3] ?? '').padEnd(6, '0'));
    return m[1] === '-' ? -v : v;
  };
  const x = scaled(a);
  const y = scaled(b);
  if (x === null || y === null || x === y) return 0;
  return x < y ? -1 : 1;
}

const bars = '▁▂▃▄▅▆▇█';

/**
 * A one-line chart of a series: the lowest value is ▁, the highest █; a missing value is a middle dot.
 * @example sparkline([30, 40, null, 50]) // "▁▅·█"
 */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return values.map(() => '·').join('');
  const lo = Math.min(...known);
  const span = Math.max(...known) - lo;
  return values.map((v) => {
    if (v === null) return '·';
    return span === 0 ? bars[3]! : bars[Math.round(((v - lo) / span) * (bars.length - 1))]!;
  }).join('');
}

/** What a figure without a denominator reads. */
export const na = 'n/a';

/**
 * A count with its noun: "1 dispute", "3 disputes".
 * @example plural(1, 'day', 'days') // "1 day"
 */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * A count grouped in thousands with its noun.
 * @example countOf(5000, 'unmatched payment', 'unmatched payments') // "5,000 unmatched payments"
 */
export const countOf = (count: number, one: string, many: string): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** @example daysText(41.25) // "41.3 days"; daysText(null) // "n/a" */
export const daysText = (v: number | null): string => (v === null ? na : `${v.toFixed(1)} days`);

/** A share as a percentage. @example percentText(0.125) // "12.5%" */
export const percentText = (v: number | null): string => (v === null ? na : `${(v * 100).toFixed(1)}%`);

/** A KPI amount with its currency code: "1,234,567.50 EUR". */
export const moneyText = (amount: string, currency: string): string => `${groupDigits(amount)} ${currency}`;

import { currencyExponent } from './currency.js';

/** An amount in integer minor units (cents, yen, fils) of one ISO 4217 currency. */
export interface Money {
  readonly minor: bigint;
  readonly currency: string;
}

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; reason: string };

/**
 * Parses a decimal amount written with "." into minor units, never through a float.
 * @example parseAmount('1234.5', 'EUR') // { ok: true, minor: 123450n }
 * @example parseAmount('10.5', 'JPY')   // { ok: false, reason: 'JPY has no decimals, got "10.5"' }
 */
export function parseAmount(text: string, currency: string): ParsedAmount {
  const exp = currencyExponent(currency);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return { ok: false, reason: `expected a decimal amount such as 1234.50, got "${text}"` };
  const [, sign, whole, frac = ''] = m;
  if (frac.length > exp) {
    const allowed = exp === 0 ? `${currency} has no decimals` : `${currency} allows ${exp} decimals`;
    return { ok: false, reason: `${allowed}, got "${text}"` };
  }
  const minor = BigInt(whole! + frac.padEnd(exp, '0'));
  // Amounts are stored as int8 minor units: past that, say the bound here rather than fail the database write.
  if (minor > maxMinor) return { ok: false, reason: `at most ${formatAmount(maxMinor, currency)} ${currency}, got "${text.trim()}"` };
  return { ok: true, minor: sign === '-' ? -minor : minor };
}

/** The largest amount a stored amount holds, in minor units (Postgres int8). */
const maxMinor = 2n ** 63n - 1n;

/**
 * Writes minor units as a plain decimal string in the currency's units.
 * @example formatAmount(123450n, 'EUR') // "1234.50"; formatAmount(5000n, 'JPY') // "5000"
 */
export function formatAmount(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp);
  const frac = exp === 0 ? '' : `.${digits.slice(digits.length - exp)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Formats for people in a locale, exactly: the decimal string goes to Intl as a string, not a float.
 * @example formatMoney(123450n, 'EUR', 'fr') // "1 234,50 €"
 */
export function formatMoney(minor: bigint, currency: string, locale = 'en'): string {
  const key = `${locale}|${currency}`;
  let nf = moneyFormats.get(key);
  if (!nf) {
    // Building a NumberFormat costs far more than using one; emails and chat views format thousands of amounts.
    const exp = currencyExponent(currency);
    nf = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exp, maximumFractionDigits: exp });
    moneyFormats.set(key, nf);
  }
  // Intl.NumberFormat.format accepts decimal strings and keeps every digit (ES2023 "exact decimal" input).
  return nf.format(formatAmount(minor, currency) as unknown as number);
}

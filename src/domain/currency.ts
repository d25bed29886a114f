/** ISO 4217 codes this runtime's ICU knows, e.g. "EUR", "JPY", "KWD". */
const known = new Set<string>(Intl.supportedValuesOf('currency'));

/** True for an upper-case ISO 4217 code the runtime knows. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && known.has(code);
}

const exponents = new Map<string, number>();

/**
 * Number of minor-unit digits of a currency, from ISO 4217 as shipped with ICU.
 * @example currencyExponent('JPY') // 0; currencyExponent('EUR') // 2; currencyExponent('KWD') // 3
 */
export function currencyExponent(code: string): number {
  let e = exponents.get(code);
  if (e === undefined) {
    if (!isCurrencyCode(code)) throw new RangeError(`unknown currency "${code}"`);
    e = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(code, e);
  }
  return e;
}

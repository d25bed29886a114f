import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, isCurrencyCode } from '../../src/domain/currency.js';
import { formatAmount, formatMoney, parseAmount } from '../../src/domain/money.js';

describe('currency exponents', () => {
  it.each([
    ['JPY', 0], ['EUR', 2], ['USD', 2], ['KWD', 3], ['BHD', 3], ['CLP', 0],
  ])('%s has %i minor digits', (code, exp) => {
    expect(currencyExponent(code)).toBe(exp);
  });

  it.each(['eur', 'EURO', 'XYZ', ''])('refuses "%s" as a currency code', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(() => currencyExponent(code)).toThrow(/unknown currency/);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1234.50', 'EUR', 123450n], ['1234.5', 'EUR', 123450n], ['1234', 'EUR', 123400n], ['0.01', 'EUR', 1n],
    ['5000', 'JPY', 5000n], ['1.234', 'KWD', 1234n], ['1.2', 'KWD', 1200n], ['-12.30', 'EUR', -1230n],
    ['  42.00 ', 'USD', 4200n], ['92233720368547758.07', 'EUR', 9223372036854775807n],
  ])('reads %s %s as %s minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['10.5', 'JPY', 'JPY has no decimals'],
    ['1.005', 'EUR', 'EUR allows 2 decimals'],
    ['1.0005', 'KWD', 'KWD allows 3 decimals'],
    ['1,234.50', 'EUR', 'expected a decimal amount'],
    ['1234,50', 'EUR', 'expected a decimal amount'],
    ['1e3', 'EUR', 'expected a decimal amount'],
    ['', 'EUR', 'expected a decimal amount'],
    ['.5', 'EUR', 'expected a decimal amount'],
    ['€12', 'EUR', 'expected a decimal amount'],
    // Stored as int8 minor units: past it, a row is refused with the bound, not failed in the database.
    ['92233720368547758.08', 'EUR', 'at most 92233720368547758.07 EUR'],
    ['99999999999999999999999999999', 'EUR', 'at most 92233720368547758.07 EUR'],
    ['-92233720368547758.08', 'EUR', 'at most 92233720368547758.07 EUR'],
    ['9223372036854775808', 'JPY', 'at most 9223372036854775807 JPY'],
  ])('refuses %s %s', (text, currency, reason) => {
    const r = parseAmount(text, currency);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('formatAmount', () => {
  it.each([
    [123450n, 'EUR', '1234.50'], [5n, 'EUR', '0.05'], [0n, 'EUR', '0.00'], [5000n, 'JPY', '5000'],
    [1234n, 'KWD', '1.234'], [7n, 'KWD', '0.007'], [-1230n, 'EUR', '-12.30'],
  ])('writes %s %s as %s', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it('round-trips every amount through parse, in every exponent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.constantFrom('JPY', 'EUR', 'KWD'), (minor, cur) => {
        const parsed = parseAmount(formatAmount(minor, cur), cur);
        expect(parsed).toEqual({ ok: true, minor });
      }),
    );
  });
});

describe('formatMoney', () => {
  it('keeps every digit of amounts beyond float precision', () => {
    expect(formatMoney(123456789012345678n, 'EUR', 'en')).toBe('€1,234,567,890,123,456.78');
  });

  it.each([
    [123450n, 'EUR', 'fr', '1 234,50 €'],
    [5000n, 'JPY', 'en', '¥5,000'],
    [1234n, 'KWD', 'en', 'KWD 1.234'],
  ])('formats %s %s for %s', (minor, currency, locale, text) => {
    // ICU uses narrow no-break spaces in French; compare with plain spaces.
    expect(formatMoney(minor, currency, locale).replace(/[\u202f\u00a0]/g, ' ')).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultRuleName, deRule, frRule, ukRule } from '../../../src/domain/fees/built-in-rules.js';
import { parseCountry } from '../../../src/domain/fees/country.js';
import { fixedCompensationFor } from '../../../src/domain/fees/fixed-compensation.js';
import { lateFeeRuleJson, parseLateFeeRule } from '../../../src/domain/fees/late-fee-rule.js';
import { parsePaymentTerms } from '../../../src/domain/fees/payment-terms.js';
import { parseRateRow, rateFixingDate } from '../../../src/domain/fees/reference-rate.js';
import { formatAmount } from '../../../src/domain/money.js';

describe('fixed compensation', () => {
  it.each([
    ['GBP 999.99 is under 1,000: GBP 40', 99_999n, 4_000n],
    ['GBP 1,000.00 is not under 1,000: GBP 70', 100_000n, 7_000n],
    ['GBP 9,999.99: GBP 70', 999_999n, 7_000n],
    ['GBP 10,000.00: GBP 100', 1_000_000n, 10_000n],
  ])('UK bands (s.5A of the 1998 Act): %s', (_what, debt, expected) => {
    expect(fixedCompensationFor(ukRule.fixedCompensation, debt, 'GBP')).toEqual({ ok: true, minor: expected, currency: 'GBP' });
  });

  it('a flat EUR 40 applies whatever the invoice currency; bands need the invoice in their currency', () => {
    expect(fixedCompensationFor(frRule.fixedCompensation, 5_000n, 'USD')).toEqual({ ok: true, minor: 4_000n, currency: 'EUR' });
    expect(fixedCompensationFor(ukRule.fixedCompensation, 5_000n, 'EUR')).toEqual({ ok: false, reason: 'bands are in GBP and the invoice is in EUR: decide the band by hand' });
    expect(fixedCompensationFor(null, 5_000n, 'EUR')).toBeNull();
  });
});

describe('default rule by country', () => {
  it.each([['FR', 'fr'], ['DE', 'de'], ['GB', 'uk'], ['IT', 'eu'], ['IE', 'eu'], ['CH', 'none'], ['US', 'none'], [null, 'none']])('%s → %s', (country, rule) => {
    expect(defaultRuleName(country)).toBe(rule);
  });
});

describe('reference rate fixing', () => {
  it.each([
    ['per_half_year', '2025-08-03', '2025-05-01', '2025-07-01'],
    ['per_half_year', '2025-06-30', '2025-05-01', '2025-01-01'],
    ['fixed_when_overdue', '2025-08-03', '2025-05-01', '2024-12-31'],
    ['fixed_when_overdue', '2026-01-03', '2025-07-01', '2025-06-30'],
  ] as const)('%s: late day %s, first late day %s → rate in force on %s', (fixing, day, first, expected) => {
    expect(rateFixingDate(fixing, day, first)).toBe(expected);
  });
});

describe('payment terms', () => {
  it.each([
    ['net 30', { text: 'net 30', netDays: 30, discount: null }],
    ['NET30', { text: 'net 30', netDays: 30, discount: null }],
    ['2/10 net 30', { text: '2/10 net 30', netDays: 30, discount: { bp: 200, days: 10 } }],
    [' 1.5 / 10  Net 45 ', { text: '1.5/10 net 45', netDays: 45, discount: { bp: 150, days: 10 } }],
    ['2% / 10 net 60', { text: '2/10 net 60', netDays: 60, discount: { bp: 200, days: 10 } }],
  ])('reads "%s"', (text, terms) => {
    expect(parsePaymentTerms(text)).toEqual({ ok: true, terms });
  });

  it.each([
    ['30 days', 'expected terms such as "net 30" or "2/10 net 30", got "30 days"'],
    ['2/30 net 30', 'discount days (30) must be fewer than net days (30)'],
    ['0/10 net 30', 'discount of 0%: write "net 30" for terms without a discount'],
    ['net 400', 'net 400: at most 365 days'],
  ])('refuses "%s"', (text, reason) => {
    expect(parsePaymentTerms(text)).toEqual({ ok: false, reason });
  });
});

describe('country', () => {
  it('upper-cases an assigned code and explains UK', () => {
    expect(parseCountry(' fr ')).toEqual({ ok: true, code: 'FR' });
    expect(parseCountry('UK')).toEqual({ ok: false, reason: 'expected an ISO 3166-1 alpha-2 country code such as FR, got "UK" (the United Kingdom is GB)' });
    expect(parseCountry('EU').ok).toBe(false);
    expect(parseCountry('FRA').ok).toBe(false);
  });
});

describe('custom rules from JSON', () => {
  const good = {
    name: 'acme-contract', legal_basis: 'Master agreement §7: ECB + 12 points, banded fee', reference_series: 'ecb_mro', margin_bp: 1200,
    rate_fixing: 'per_half_year', fixed_compensation: { currency: 'EUR', bands: [{ below: '5000', amount: '40' }, { below: null, amount: '100.00' }] },
  };

  it('reads a banded rule and writes it back the same', () => {
    const r = parseLateFeeRule(good);
    expect(r).toMatchObject({ ok: true, rule: { name: 'acme-contract', marginBp: 1200, dayCount: 'actual/365', fixedCompensation: { currency: 'EUR', bands: [{ belowMinor: 500_000n, amountMinor: 4_000n }, { belowMinor: null, amountMinor: 10_000n }] } } });
    if (!r.ok) return;
    expect(parseLateFeeRule(lateFeeRuleJson(r.rule, formatAmount))).toEqual(r);
  });

  it.each([
    [{ ...good, name: 'none' }, 'name: "none" means no rule; choose another name'],
    [{ ...good, margin_bp: 8.5 }, 'margin_bp: Invalid input: expected int, received number'],
    [{ ...good, rate_fixing: 'monthly' }, 'rate_fixing: Invalid option: expected one of "per_half_year"|"fixed_when_overdue"'],
    [{ ...good, fixed_compensation: { currency: 'EUR', amount: '40', bands: [{ below: null, amount: '1' }] } }, 'fixed_compensation: give either amount or bands'],
    [{ ...good, fixed_compensation: { currency: 'EUR', bands: [{ below: null, amount: '40' }, { below: '10', amount: '1' }] } }, 'fixed_compensation.bands: every band but the last needs "below"; the last has "below": null'],
    [{ ...good, fixed_compensation: { currency: 'EUR', amount: '40.001' } }, 'fixed_compensation.amount: EUR allows 2 decimals, got "40.001"'],
  ])('refuses a bad rule, naming the field (%#)', (input, error) => {
    expect(parseLateFeeRule(input)).toEqual({ ok: false, error });
  });

  it('the built-in rules round-trip through their JSON form', () => {
    for (const rule of [frRule, deRule, ukRule]) expect(parseLateFeeRule(lateFeeRuleJson(rule, formatAmount))).toEqual({ ok: true, rule });
  });
});

describe('rates file rows', () => {
  it('reads whole basis points, negative included, and refuses percentages', () => {
    expect(parseRateRow({ series: 'de_basiszins', valid_from: '2022-01-01', rate_bp: '-88' })).toEqual({ ok: true, rate: { series: 'de_basiszins', validFrom: '2022-01-01', rateBp: -88 } });
    expect(parseRateRow({ series: 'ECB', valid_from: '2025-02-30', rate_bp: '2.15' })).toEqual({
      ok: false,
      errors: [
        { column: 'series', reason: 'expected lower-case letters, digits and _, such as ecb_mro, got "ECB"' },
        { column: 'valid_from', reason: 'expected a date YYYY-MM-DD, got "2025-02-30"' },
        { column: 'rate_bp', reason: 'expected whole basis points between -10000 and 10000 (4.50% is 450), got "2.15"' },
      ],
    });
  });
});

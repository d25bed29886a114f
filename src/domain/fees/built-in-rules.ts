import { euMemberStates } from './country.js';
import { NO_RULE, type LateFeeRule } from './late-fee-rule.js';

// The rules arbot ships. Each states the legal minimum a creditor may claim without a contract saying more; a
// contract may agree a higher rate, which is a custom rule. Reference series are names in the reference_rates table:
// arbot never fetches rates, finance loads them (`arbot fees rates load`).
//
// Day count: actual/365 everywhere ("simple interest … per annum", calculated per day late). France: the
// penalties of art. L441-10 are pro rata temporis over the year; Germany: §288 BGB states an annual rate (Jahreszins)
// and courts divide by 365; UK: s.4 of the 1998 Act, daily interest = debt × rate / 365 (GOV.UK guidance "Late
// commercial payments: charging interest"); the directive gives only an annual rate, so the same convention.

/** Directive 2011/7/EU on combating late payment in commercial transactions: ECB main refinancing rate + 8 points, EUR 40. */
export const euRule: LateFeeRule = {
  name: 'eu',
  legalBasis: 'Directive 2011/7/EU arts. 3 and 6: ECB reference rate + 8 points; EUR 40 compensation for recovery costs',
  referenceSeries: 'ecb_mro',
  marginBp: 800,
  rateFixing: 'per_half_year',
  dayCount: 'actual/365',
  fixedCompensation: { currency: 'EUR', bands: [{ belowMinor: null, amountMinor: 4000n }] },
};

/** France, art. L441-10 and D441-5 Code de commerce: the ECB's latest refinancing rate + 10 points, indemnité forfaitaire EUR 40. */
export const frRule: LateFeeRule = {
  name: 'fr',
  legalBasis: 'Code de commerce art. L441-10 (taux BCE + 10 points) et D441-5 (indemnité forfaitaire de 40 EUR pour frais de recouvrement)',
  referenceSeries: 'ecb_mro',
  marginBp: 1000,
  rateFixing: 'per_half_year',
  dayCount: 'actual/365',
  fixedCompensation: { currency: 'EUR', bands: [{ belowMinor: null, amountMinor: 4000n }] },
};

/** Germany, §288 (2) and (5) BGB: Basiszinssatz (§247 BGB) + 9 points between businesses, EUR 40 Verzugspauschale. */
export const deRule: LateFeeRule = {
  name: 'de',
  legalBasis: '§288 Abs. 2 BGB (Basiszinssatz nach §247 BGB + 9 Prozentpunkte), §288 Abs. 5 BGB (Pauschale 40 EUR)',
  referenceSeries: 'de_basiszins',
  marginBp: 900,
  rateFixing: 'per_half_year',
  dayCount: 'actual/365',
  fixedCompensation: { currency: 'EUR', bands: [{ belowMinor: null, amountMinor: 4000n }] },
};

/**
 * UK, Late Payment of Commercial Debts (Interest) Act 1998: Bank of England base rate + 8 points (s.6 and the Rate of
 * Interest (No. 3) Order 2002), and fixed compensation by debt size (s.5A): GBP 40 under 1,000, GBP 70 under 10,000,
 * GBP 100 from 10,000.
 */
export const ukRule: LateFeeRule = {
  name: 'uk',
  legalBasis: 'Late Payment of Commercial Debts (Interest) Act 1998 s.4 and s.6 (Bank of England base rate + 8 points), s.5A (GBP 40/70/100 by debt size)',
  referenceSeries: 'boe_base',
  marginBp: 800,
  rateFixing: 'fixed_when_overdue',
  dayCount: 'actual/365',
  fixedCompensation: {
    currency: 'GBP',
    bands: [
      { belowMinor: 100_000n, amountMinor: 4000n },
      { belowMinor: 1_000_000n, amountMinor: 7000n },
      { belowMinor: null, amountMinor: 10_000n },
    ],
  },
};

export const builtInRules: ReadonlyMap<string, LateFeeRule> = new Map([euRule, frRule, deRule, ukRule].map((r) => [r.name, r]));

/**
 * The rule a customer gets when its `late_fee_rule` is empty: by its country.
 * @example defaultRuleName('FR') // 'fr'; defaultRuleName('IT') // 'eu'; defaultRuleName('US') // 'none'; defaultRuleName(null) // 'none'
 */
export function defaultRuleName(country: string | null): string {
  if (country === 'FR') return 'fr';
  if (country === 'DE') return 'de';
  if (country === 'GB') return 'uk';
  if (country !== null && euMemberStates.has(country)) return 'eu';
  return NO_RULE;
}

/**
 * The rule name that applies to a customer: its own `late_fee_rule`, else its country's default.
 * @example ruleNameFor({ lateFeeRule: null, country: 'DE' }) // 'de'
 */
export function ruleNameFor(customer: { readonly lateFeeRule: string | null; readonly country: string | null }): string {
  return customer.lateFeeRule ?? defaultRuleName(customer.country);
}

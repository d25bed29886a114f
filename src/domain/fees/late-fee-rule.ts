import { z } from 'zod';
import { isCurrencyCode } from '../currency.js';
import { parseAmount } from '../money.js';

/**
 * Which reference rate applies to a day of lateness:
 * - `per_half_year`: the rate in force on 1 January for every late day of January–June, and on 1 July for July–December;
 *   a late period spanning half-years changes rate at the boundary (Directive 2011/7/EU, art. 2's reference rate "in
 *   force on the first calendar day of the half-year in question"; France, art. L441-10 Code de commerce, "le taux en
 *   vigueur au 1er janvier / au 1er juillet"; Germany, §288 BGB on the Basiszinssatz that §247 BGB resets on exactly
 *   those days).
 * - `fixed_when_overdue`: the rate in force on 31 December (debt overdue in January–June) or 30 June (overdue in
 *   July–December) before the half-year in which the debt became overdue, for the whole late period (UK, Late Payment
 *   of Commercial Debts (Rate of Interest) (No. 3) Order 2002, art. 4: the reference rate is fixed once per debt).
 */
export const rateFixings = ['per_half_year', 'fixed_when_overdue'] as const;
export type RateFixing = (typeof rateFixings)[number];

/** How a year of interest is divided into days: actual days late over 365 (or 360) days, leap years included. */
export const dayCounts = ['actual/365', 'actual/360'] as const;
export type DayCount = (typeof dayCounts)[number];

/** One band of a size-banded fixed compensation: applies to debts below `belowMinor` (null: no upper bound). */
export interface CompensationBand {
  readonly belowMinor: bigint | null;
  readonly amountMinor: bigint;
}

/** Fixed compensation per late invoice, in one currency: one amount, or bands by the invoice's amount. */
export interface FixedCompensation {
  readonly currency: string;
  /** Ascending by `belowMinor`, the last one open-ended. */
  readonly bands: readonly CompensationBand[];
}

/**
 * A late-payment rule as data: what may be claimed on an overdue invoice, and why. Interest is simple interest at
 * (reference rate + margin) on the amount still owed, per day late; the fixed compensation is per invoice.
 */
export interface LateFeeRule {
  readonly name: string;
  /** The legal basis, shown beside every amount computed with this rule. */
  readonly legalBasis: string;
  /** The series in the reference_rates table (`arbot fees rates load`). */
  readonly referenceSeries: string;
  readonly marginBp: number;
  readonly rateFixing: RateFixing;
  readonly dayCount: DayCount;
  readonly fixedCompensation: FixedCompensation | null;
}

/** A rule name: lower-case letters, digits, `_` and `-`; `none` is reserved for "opted out". */
export const ruleNamePattern = /^[a-z][a-z0-9_-]{0,39}$/;
export const NO_RULE = 'none';

const decimal = z.union([z.string(), z.number()]).transform(String);

/** The JSON a custom rule is written in (`arbot fees rules load FILE.json`); amounts are decimals in the currency. */
const ruleFile = z.object({
  name: z.string().regex(ruleNamePattern, 'lower-case letters, digits, _ and -, starting with a letter')
    .refine((n) => n !== NO_RULE, '"none" means no rule; choose another name'),
  legal_basis: z.string().trim().min(1).max(500),
  reference_series: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
  margin_bp: z.number().int().min(0).max(5000),
  rate_fixing: z.enum(rateFixings),
  day_count: z.enum(dayCounts).default('actual/365'),
  fixed_compensation: z.object({
    currency: z.string().refine(isCurrencyCode, 'an ISO 4217 code such as EUR'),
    amount: decimal.optional(),
    bands: z.array(z.object({ below: decimal.nullable(), amount: decimal })).min(1).optional(),
  }).strict().nullable().default(null),
}).strict();

export type ParsedRule = { ok: true; rule: LateFeeRule } | { ok: false; error: string };

/**
 * Reads a custom rule from its JSON form (a file, or the late_fee_rules table).
 * @example parseLateFeeRule({ name: 'ch', legal_basis: 'Art. 104 OR: 5%', reference_series: 'zero', margin_bp: 500,
 *   rate_fixing: 'per_half_year', fixed_compensation: null }) // { ok: true, rule: { name: 'ch', marginBp: 500, … } }
 */
export function parseLateFeeRule(input: unknown): ParsedRule {
  const parsed = ruleFile.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, error: `${i.path.join('.') || 'rule'}: ${i.message}` };
  }
  const r = parsed.data;
  let fixed: FixedCompensation | null = null;
  if (r.fixed_compensation) {
    const fc = r.fixed_compensation;
    const money = (text: string, where: string) => {
      const a = parseAmount(text, fc.currency);
      if (!a.ok || a.minor < 0n) throw new RuleError(`${where}: ${a.ok ? 'must not be negative' : a.reason}`);
      return a.minor;
    };
    try {
      if ((fc.amount === undefined) === (fc.bands === undefined)) {
        return { ok: false, error: 'fixed_compensation: give either amount or bands' };
      }
      const bands = fc.amount !== undefined
        ? [{ belowMinor: null, amountMinor: money(fc.amount, 'fixed_compensation.amount') }]
        : fc.bands!.map((b, i) => ({
          belowMinor: b.below === null ? null : money(b.below, `fixed_compensation.bands.${i}.below`),
          amountMinor: money(b.amount, `fixed_compensation.bands.${i}.amount`),
        }));
      const problem = bandProblem(bands);
      if (problem) return { ok: false, error: `fixed_compensation.bands: ${problem}` };
      fixed = { currency: fc.currency, bands };
    } catch (e) {
      if (e instanceof RuleError) return { ok: false, error: e.message };
      throw e;
    }
  }
  return {
    ok: true,
    rule: {
      name: r.name, legalBasis: r.legal_basis, referenceSeries: r.reference_series, marginBp: r.margin_bp,
      rateFixing: r.rate_fixing, dayCount: r.day_count, fixedCompensation: fixed,
    },
  };
}

class RuleError extends Error {}

function bandProblem(bands: readonly CompensationBand[]): string | null {
  for (let i = 0; i < bands.length; i++) {
    const below = bands[i]!.belowMinor;
    const last = i === bands.length - 1;
    if (last !== (below === null)) return 'every band but the last needs "below"; the last has "below": null';
    const prev = i > 0 ? bands[i - 1]!.belowMinor : null;
    if (below !== null && prev !== null && below <= prev) return '"below" must increase from band to band';
  }
  return null;
}

/** The JSON form of a rule, as `parseLateFeeRule` reads it back (for the late_fee_rules table and `fees rules list --json`). */
export function lateFeeRuleJson(rule: LateFeeRule, formatMinor: (minor: bigint, currency: string) => string): Record<string, unknown> {
  const fc = rule.fixedCompensation;
  return {
    name: rule.name, legal_basis: rule.legalBasis, reference_series: rule.referenceSeries, margin_bp: rule.marginBp,
    rate_fixing: rule.rateFixing, day_count: rule.dayCount,
    fixed_compensation: fc === null ? null : {
      currency: fc.currency,
      bands: fc.bands.map((b) => ({
        below: b.belowMinor === null ? null : formatMinor(b.belowMinor, fc.currency), amount: formatMinor(b.amountMinor, fc.currency),
      })),
    },
  };
}

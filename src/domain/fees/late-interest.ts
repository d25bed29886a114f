import { addDaysToDate, daysBetween, type CalendarDate } from '../calendar-date.js';
import type { LateFeeRule } from './late-fee-rule.js';
import { nextHalfYearStart, rateFixingDate, rateInForce, type ReferenceRate } from './reference-rate.js';

/** Money applied to an invoice on a day (a payment received): the base interest runs on falls from the next day. */
export interface AppliedMoney {
  readonly on: CalendarDate;
  readonly minor: bigint;
}

/** A stretch of late days with one base and one rate: [from, until). */
export interface InterestPeriod {
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  readonly days: number;
  readonly baseMinor: bigint;
  readonly referenceBp: number;
  /** reference + margin, never below zero. */
  readonly rateBp: number;
}

export type LateInterest =
  | { ok: true; daysLate: number; interestMinor: bigint; periods: readonly InterestPeriod[] }
  | { ok: false; daysLate: number; reason: string };

export interface LateInterestInput {
  /** What the invoice claims once corrected: its amount less credit notes (a credit note says the sum was never owed). */
  readonly baseMinor: bigint;
  readonly dueDate: CalendarDate;
  /** The last late day counted: interest runs on every day d with dueDate < d <= asOf. */
  readonly asOf: CalendarDate;
  /** Payments received, any order; one received on day P still leaves day P late, and lowers the base from P + 1. */
  readonly payments: readonly AppliedMoney[];
  readonly rule: LateFeeRule;
  /** The rates of the rule's reference series. */
  readonly rates: readonly ReferenceRate[];
}

/**
 * Statutory interest on a late invoice: Σ over periods of base × (reference + margin) × days / (365 × 10,000),
 * summed exactly in bigint and rounded once, half up, to the minor unit. Periods break where the base falls (the day
 * after a payment) and, for `per_half_year` rules, where a half-year begins.
 * @example computeLateInterest({ baseMinor: 1_000_000n, dueDate: '2026-01-31', asOf: '2026-03-02', payments: [],
 *   rule: frRule, rates: [{ series: 'ecb_mro', validFrom: '2025-06-11', rateBp: 215 }] })
 *   // 30 days at 12.15%: 1,000,000 × 1215 × 30 / 3,650,000 = 9,986.30 → { ok: true, interestMinor: 9986n, … } (EUR 99.86)
 */
export function computeLateInterest(input: LateInterestInput): LateInterest {
  const { rule, dueDate, asOf } = input;
  const daysLate = Math.max(0, daysBetween(dueDate, asOf));
  if (daysLate === 0) return { ok: true, daysLate, interestMinor: 0n, periods: [] };
  const first = addDaysToDate(dueDate, 1);
  const end = addDaysToDate(asOf, 1);
  const cuts = new Set<CalendarDate>();
  if (rule.rateFixing === 'per_half_year') {
    for (let d = nextHalfYearStart(first); d < end; d = nextHalfYearStart(d)) cuts.add(d);
  }
  for (const p of input.payments) {
    const from = addDaysToDate(p.on, 1);
    if (from > first && from < end) cuts.add(from);
  }
  const bounds = [first, ...[...cuts].sort(), end];
  const periods: InterestPeriod[] = [];
  let numerator = 0n;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const until = bounds[i + 1]!;
    const paid = input.payments.filter((p) => p.on < from).reduce((s, p) => s + p.minor, 0n);
    const base = input.baseMinor - paid;
    if (base <= 0n) continue;
    const fixing = rateFixingDate(rule.rateFixing, from, first);
    const referenceBp = rateInForce(input.rates, fixing);
    if (referenceBp === null) {
      return { ok: false, daysLate, reason: `no ${rule.referenceSeries} rate in force on ${fixing}; load it with arbot fees rates load` };
    }
    const rateBp = Math.max(0, referenceBp + rule.marginBp);
    const days = daysBetween(from, until);
    periods.push({ from, until, days, baseMinor: base, referenceBp, rateBp });
    numerator += base * BigInt(rateBp) * BigInt(days);
  }
  const yearDays = rule.dayCount === 'actual/360' ? 360n : 365n;
  return { ok: true, daysLate, interestMinor: roundHalfUp(numerator, yearDays * 10_000n), periods };
}

/** n / d rounded half up, for n >= 0 and d > 0: the one rounding of an interest computation. */
function roundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

import { daysBetween, type CalendarDate } from '../calendar-date.js';
import { ruleNameFor } from './built-in-rules.js';
import { fixedCompensationFor } from './fixed-compensation.js';
import { NO_RULE, type LateFeeRule } from './late-fee-rule.js';
import { computeLateInterest, type AppliedMoney, type InterestPeriod } from './late-interest.js';
import type { ReferenceRate } from './reference-rate.js';

/** An invoice past its due date with what was applied to it up to the preview date. */
export interface LateInvoice {
  readonly customer: {
    readonly externalId: string;
    readonly name: string;
    readonly country: string | null;
    readonly lateFeeRule: string | null;
    readonly segment: string;
    readonly strategic: boolean;
  };
  readonly externalId: string;
  readonly number: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly dueDate: CalendarDate;
  /** Payments received (allocated to this invoice), by received date. */
  readonly payments: readonly AppliedMoney[];
  /** Credit notes' total: it lowers the base from the due date (the corrected invoice never owed it). */
  readonly creditedMinor: bigint;
}

/** What could be claimed on one invoice: a proposal, never added to the invoice or the KPIs. */
export interface FeeLine {
  readonly customerExternalId: string;
  readonly customerName: string;
  readonly invoiceExternalId: string;
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly amountDueMinor: bigint;
  readonly daysLate: number;
  readonly rule: string;
  readonly legalBasis: string | null;
  readonly interestMinor: bigint | null;
  readonly periods: readonly InterestPeriod[];
  readonly compensation: { readonly minor: bigint; readonly currency: string } | null;
  /** Top and strategic accounts: nothing is claimed from them without an approver's decision. */
  readonly needsApproval: boolean;
  /** Why an amount is missing (no rate loaded, unknown rule, bands in another currency). */
  readonly problems: readonly string[];
}

export interface FeeTotal {
  readonly currency: string;
  readonly interestMinor: bigint;
  readonly compensationMinor: bigint;
}

export interface FeePreview {
  readonly asOf: CalendarDate;
  readonly lines: readonly FeeLine[];
  readonly totals: readonly FeeTotal[];
}

/**
 * What the late-payment rules allow to claim on each late invoice as of a day. Customers whose rule is `none`
 * (opted out, or a country without a default rule) are left out; invoices not yet late or fully settled too.
 * @example previewFees([lateInvoiceOfAFrenchCustomer], builtInRules, ratesBySeries, '2026-03-02')
 *   // { lines: [{ rule: 'fr', interestMinor: 9986n, compensation: { minor: 4000n, currency: 'EUR' }, … }], totals: [...] }
 */
export function previewFees(
  invoices: readonly LateInvoice[],
  rules: ReadonlyMap<string, LateFeeRule>,
  ratesBySeries: ReadonlyMap<string, readonly ReferenceRate[]>,
  asOf: CalendarDate,
): FeePreview {
  const lines: FeeLine[] = [];
  for (const inv of invoices) {
    const line = feeLine(inv, rules, ratesBySeries, asOf);
    if (line) lines.push(line);
  }
  return { asOf, lines, totals: totalsOf(lines) };
}

function feeLine(
  inv: LateInvoice,
  rules: ReadonlyMap<string, LateFeeRule>,
  ratesBySeries: ReadonlyMap<string, readonly ReferenceRate[]>,
  asOf: CalendarDate,
): FeeLine | null {
  const ruleName = ruleNameFor(inv.customer);
  if (ruleName === NO_RULE || inv.dueDate >= asOf) return null;
  const baseMinor = inv.amountMinor - inv.creditedMinor;
  const payments = inv.payments.filter((p) => p.on <= asOf);
  const amountDueMinor = baseMinor - payments.reduce((s, p) => s + p.minor, 0n);
  if (amountDueMinor <= 0n) return null;
  const common = {
    customerExternalId: inv.customer.externalId, customerName: inv.customer.name, invoiceExternalId: inv.externalId,
    invoiceNumber: inv.number, currency: inv.currency, amountDueMinor, rule: ruleName,
    needsApproval: inv.customer.segment === 'top' || inv.customer.strategic,
  };
  const rule = rules.get(ruleName);
  if (!rule) {
    return {
      ...common, daysLate: daysBetween(inv.dueDate, asOf), legalBasis: null, interestMinor: null, periods: [], compensation: null,
      problems: [`no late-fee rule "${ruleName}"; load it with arbot fees rules load`],
    };
  }
  const problems: string[] = [];
  const interest = computeLateInterest({
    baseMinor, dueDate: inv.dueDate, asOf, payments, rule, rates: ratesBySeries.get(rule.referenceSeries) ?? [],
  });
  if (!interest.ok) problems.push(interest.reason);
  const due = fixedCompensationFor(rule.fixedCompensation, baseMinor, inv.currency);
  if (due && !due.ok) problems.push(due.reason);
  return {
    ...common,
    daysLate: interest.daysLate,
    legalBasis: rule.legalBasis,
    interestMinor: interest.ok ? interest.interestMinor : null,
    periods: interest.ok ? interest.periods : [],
    compensation: due?.ok ? { minor: due.minor, currency: due.currency } : null,
    problems,
  };
}

/** Interest adds up in each invoice's currency, compensation in the rule's: totals per currency, sorted by code. */
function totalsOf(lines: readonly FeeLine[]): FeeTotal[] {
  const totals = new Map<string, { interestMinor: bigint; compensationMinor: bigint }>();
  const at = (c: string) => {
    let t = totals.get(c);
    if (!t) totals.set(c, (t = { interestMinor: 0n, compensationMinor: 0n }));
    return t;
  };
  for (const l of lines) {
    if (l.interestMinor !== null) at(l.currency).interestMinor += l.interestMinor;
    if (l.compensation) at(l.compensation.currency).compensationMinor += l.compensation.minor;
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, ...t }));
}

import { formatAmount } from '../money.js';
import { addMonthsToDate, type Instalment } from './plan-schedule.js';
import type { PlanPolicy } from './plan-policy.js';
import type { CalendarDate } from '../calendar-date.js';

/** An invoice a plan would cover, with what it still owes today. */
export interface PlanInvoice {
  readonly invoiceId: bigint;
  readonly number: string;
  readonly customerId: bigint;
  readonly currency: string;
  readonly remainingMinor: bigint;
}

export type PlanRefusalCode =
  | 'no_invoices' | 'not_owed' | 'mixed_customers' | 'mixed_currencies' | 'no_instalments' | 'not_positive'
  | 'dates_not_increasing' | 'date_not_after_today' | 'sum_mismatch' | 'too_many_instalments' | 'too_long'
  | 'instalment_too_small';

/**
 * What a refusal's message states, as data: the customer portal words it in the customer's language from these
 * (chat shows `message`, in English). Only the fields its code names are set.
 */
export interface PlanRefusalFacts {
  readonly invoiceNumber?: string;
  readonly instalmentNo?: number;
  readonly amountMinor?: bigint;
  readonly minMinor?: bigint;
  readonly currency?: string;
  readonly max?: number;
  readonly latest?: CalendarDate;
  readonly today?: CalendarDate;
}

export type PlanCheck =
  | { readonly ok: true; readonly totalMinor: bigint; readonly currency: string; readonly customerId: bigint }
  | { readonly ok: false; readonly code: PlanRefusalCode; readonly message: string; readonly facts?: PlanRefusalFacts };

const refused = (code: PlanRefusalCode, message: string, facts?: PlanRefusalFacts): PlanCheck =>
  ({ ok: false, code, message, ...(facts ? { facts } : {}) });

/**
 * Whether a plan may be made: invoices of one customer and currency that still owe money, instalments on strictly
 * increasing dates after `today` that add up to exactly what is owed, within the policy's bounds (each refusal
 * states the bound).
 * @example validatePlan([inv(1000n)], [{ dueDate: '2026-04-01', amountMinor: 900n }], '2026-03-20', policy)
 *   // { ok: false, code: 'sum_mismatch', message: 'the instalments add up to 9.00 EUR but 10.00 EUR is owed' }
 */
export function validatePlan(
  invoices: readonly PlanInvoice[], instalments: readonly Instalment[], today: CalendarDate, policy: PlanPolicy,
): PlanCheck {
  const first = invoices[0];
  if (!first) return refused('no_invoices', 'choose at least one invoice');
  const unpaid = invoices.find((i) => i.remainingMinor <= 0n);
  if (unpaid) return refused('not_owed', `invoice ${unpaid.number} owes nothing`, { invoiceNumber: unpaid.number });
  if (invoices.some((i) => i.customerId !== first.customerId)) return refused('mixed_customers', 'a plan covers invoices of one customer only');
  if (invoices.some((i) => i.currency !== first.currency)) return refused('mixed_currencies', 'a plan covers invoices of one currency only');
  const currency = first.currency;
  const money = (m: bigint) => `${formatAmount(m, currency)} ${currency}`;
  if (instalments.length === 0) return refused('no_instalments', 'give at least one instalment');
  if (instalments.length > policy.maxInstalments) {
    return refused('too_many_instalments', `${instalments.length} instalments is more than the maximum of ${policy.maxInstalments}`, { max: policy.maxInstalments });
  }
  for (const [k, i] of instalments.entries()) {
    if (i.amountMinor <= 0n) return refused('not_positive', `instalment ${k + 1} must be more than zero`);
    if (k === 0 && i.dueDate <= today) return refused('date_not_after_today', `the first instalment must fall after today (${today})`, { today });
    if (k > 0 && i.dueDate <= instalments[k - 1]!.dueDate) {
      return refused('dates_not_increasing', `instalment ${k + 1} (${i.dueDate}) must fall after instalment ${k} (${instalments[k - 1]!.dueDate})`);
    }
  }
  const owed = invoices.reduce((s, i) => s + i.remainingMinor, 0n);
  const sum = instalments.reduce((s, i) => s + i.amountMinor, 0n);
  if (sum !== owed) return refused('sum_mismatch', `the instalments add up to ${money(sum)} but ${money(owed)} is owed`);
  const latest = addMonthsToDate(today, policy.maxMonths);
  const last = instalments.at(-1)!;
  if (last.dueDate > latest) {
    return refused('too_long', `the last instalment (${last.dueDate}) is more than the maximum of ${policy.maxMonths} months away (${latest} at the latest)`, { latest });
  }
  const min = policy.minInstalmentMinor[currency];
  const small = min === undefined ? undefined : instalments.findIndex((i) => i.amountMinor < min);
  if (min !== undefined && small !== undefined && small >= 0) {
    return refused('instalment_too_small', `instalment ${small + 1} (${money(instalments[small]!.amountMinor)}) is below the minimum instalment of ${money(min)}`,
      { instalmentNo: small + 1, amountMinor: instalments[small]!.amountMinor, minMinor: min, currency });
  }
  return { ok: true, totalMinor: owed, currency, customerId: first.customerId };
}

import { addDaysToDate, isCalendarDate, type CalendarDate } from './calendar-date.js';
import { parseAmount } from './money.js';

/**
 * A promise to pay made by the customer on the portal: a date and (optionally) an amount for one or more of their
 * open invoices in one currency. Bounds are those a chat promise obeys without a finance approver (the terms policy's
 * limit for the customer's segment, else PROMISE_MAX_DAYS: terms-policy.ts promiseMaxDaysFor): a customer can never
 * ask for what a person would need approval for.
 */

export interface PromisableInvoice {
  readonly invoiceId: bigint;
  readonly currency: string;
  /** YYYY-MM-DD. */
  readonly dueDate: CalendarDate;
  /** What is left to pay, minor units, > 0. */
  readonly dueMinor: bigint;
  /** In an active payment plan, or one requested and not yet decided: its payments follow the plan, not a promise. */
  readonly inPlan?: boolean;
  readonly planRequested?: boolean;
}

/** Why a portal promise is refused; `bound` carries what the page states (a date, an amount in minor units). */
export type PortalPromiseRefusal =
  | { readonly code: 'invoices_required' }
  | { readonly code: 'invoice_not_open' }
  | { readonly code: 'invoice_in_plan'; readonly invoiceId: bigint }
  | { readonly code: 'mixed_currencies' }
  | { readonly code: 'date_invalid' }
  | { readonly code: 'date_too_early'; readonly earliest: CalendarDate }
  | { readonly code: 'date_too_late'; readonly latest: CalendarDate }
  | { readonly code: 'amount_invalid' }
  | { readonly code: 'amount_too_high'; readonly maxMinor: bigint; readonly currency: string };

export type PortalPromiseDecision =
  | { readonly ok: true; readonly date: CalendarDate; readonly currency: string;
      /** One promise per invoice, oldest due first; an amount below the total covers the oldest invoices first. */
      readonly parts: readonly { readonly invoiceId: bigint; readonly amountMinor: bigint }[] }
  | { readonly ok: false; readonly refusal: PortalPromiseRefusal };

/**
 * The latest date a customer may promise on `today`: today + promiseMaxDays.
 * @example latestPromiseDate('2026-03-20', 60) // "2026-05-19"
 */
export function latestPromiseDate(today: CalendarDate, promiseMaxDays: number): CalendarDate {
  return addDaysToDate(today, promiseMaxDays);
}

/**
 * Reads an amount as a customer types it: "1234.50", "1 234,50", "1234,5" (a decimal comma when there is no dot).
 * @example parseCustomerAmount('1 234,50', 'EUR') // { ok: true, minor: 123450n }
 */
export function parseCustomerAmount(text: string, currency: string): ReturnType<typeof parseAmount> {
  let t = text.replace(/[\s\u00a0\u202f']/g, '');
  if (!t.includes('.') && /^\d+,\d+$/.test(t)) t = t.replace(',', '.');
  return parseAmount(t, currency);
}

const refuse = (refusal: PortalPromiseRefusal): PortalPromiseDecision => ({ ok: false, refusal });

/**
 * Decides a portal promise: `chosen` are the invoice ids the form named, `open` the customer's open invoices (any
 * id not among them is refused: another customer's invoice never passes; nor does one in an active or requested payment
 * plan). Empty `amount` means the whole amount due.
 * @example decidePortalPromise({ chosen: [1n], open, date: '2026-04-01', amount: '' }, '2026-03-20', 60) // { ok: true, parts: [{ invoiceId: 1n, amountMinor: … }] }
 * @example decidePortalPromise({ chosen: [1n], open, date: '2026-08-01', amount: '' }, '2026-03-20', 60) // { ok: false, refusal: { code: 'date_too_late', latest: '2026-05-19' } }
 */
export function decidePortalPromise(
  form: { readonly chosen: readonly bigint[]; readonly open: readonly PromisableInvoice[]; readonly date: string; readonly amount: string },
  today: CalendarDate,
  promiseMaxDays: number,
): PortalPromiseDecision {
  if (form.chosen.length === 0) return refuse({ code: 'invoices_required' });
  const byId = new Map(form.open.map((i) => [i.invoiceId, i]));
  const picked: PromisableInvoice[] = [];
  for (const id of new Set(form.chosen)) {
    const invoice = byId.get(id);
    if (!invoice) return refuse({ code: 'invoice_not_open' });
    if (invoice.inPlan || invoice.planRequested) return refuse({ code: 'invoice_in_plan', invoiceId: id });
    picked.push(invoice);
  }
  const currency = picked[0]!.currency;
  if (picked.some((i) => i.currency !== currency)) return refuse({ code: 'mixed_currencies' });
  const date = form.date.trim();
  if (!isCalendarDate(date)) return refuse({ code: 'date_invalid' });
  if (date < today) return refuse({ code: 'date_too_early', earliest: today });
  const latest = latestPromiseDate(today, promiseMaxDays);
  if (date > latest) return refuse({ code: 'date_too_late', latest });
  picked.sort((a, b) => (a.dueDate !== b.dueDate ? (a.dueDate < b.dueDate ? -1 : 1) : a.invoiceId < b.invoiceId ? -1 : 1));
  const total = picked.reduce((s, i) => s + i.dueMinor, 0n);
  let amount = total;
  if (form.amount.trim() !== '') {
    const parsed = parseCustomerAmount(form.amount, currency);
    if (!parsed.ok || parsed.minor <= 0n) return refuse({ code: 'amount_invalid' });
    if (parsed.minor > total) return refuse({ code: 'amount_too_high', maxMinor: total, currency });
    amount = parsed.minor;
  }
  const parts: { invoiceId: bigint; amountMinor: bigint }[] = [];
  let left = amount;
  for (const i of picked) {
    if (left <= 0n) break;
    const share = left < i.dueMinor ? left : i.dueMinor;
    parts.push({ invoiceId: i.invoiceId, amountMinor: share });
    left -= share;
  }
  return { ok: true, date, currency, parts };
}

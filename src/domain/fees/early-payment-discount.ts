import { addDaysToDate, type CalendarDate } from '../calendar-date.js';

// Early-payment discounts ("2/10 net 30": 2% off when paid within 10 days of the invoice date). The discount is a
// fixed amount per invoice, computed once on the invoice amount; the window is the invoice date plus the discount
// days, the last day included. Postgres holds the same definitions (migration 026: early_payment_discount_minor,
// the discount_allocations checks) and `arbot check` verifies stored discounts against them.

/** The discount part of payment terms: basis points (2% = 200) and days. */
export interface DiscountTerms {
  readonly bp: number;
  readonly days: number;
}

/**
 * The terms that apply to an invoice: its own when it has any, else its customer's (whole terms win: an invoice
 * with "net 30" has no discount even when its customer has "2/10 net 30").
 * @example effectiveTerms({ discount: null }, { discount: { bp: 200, days: 10 } }) // { discount: null }
 */
export function effectiveTerms<T>(invoiceTerms: T | null, customerTerms: T | null): T | null {
  return invoiceTerms ?? customerTerms;
}

/**
 * The discount on `amountMinor` at `bp` basis points, rounded half up to a whole minor unit.
 * @example discountMinor(100_000n, 200) // 2_000n
 * @example discountMinor(1_025n, 200)   // 21n (20.5 rounds up)
 * @example discountMinor(1_024n, 200)   // 20n (20.48)
 */
export function discountMinor(amountMinor: bigint, bp: number): bigint {
  return (amountMinor * BigInt(bp) + 5_000n) / 10_000n;
}

/**
 * The last day a payment earns the discount: the invoice date plus the discount days.
 * @example discountEndsOn('2026-03-25', 10) // "2026-04-04"
 */
export function discountEndsOn(issueDate: CalendarDate, days: number): CalendarDate {
  return addDaysToDate(issueDate, days);
}

/** What an invoice offers for early payment: the discount, what to pay instead of the amount, until when. */
export interface EarlyPaymentOffer {
  readonly discountMinor: bigint;
  /** What settles the invoice within the window: what it still owes less the discount. */
  readonly payMinor: bigint;
  /** The last day of the window (included). */
  readonly endsOn: CalendarDate;
}

export interface DiscountableInvoice {
  readonly amountMinor: bigint;
  readonly issueDate: CalendarDate;
  /** What it still owes today: amount less payments, credit notes (and a discount already granted). */
  readonly remainingMinor: bigint;
}

/**
 * The offer still open on `today` (the customer's calendar date): null without discount terms, after the window,
 * or when what is owed does not exceed the discount (nothing left to pay for it). For the D-7 email and the portal.
 * @example openEarlyPaymentOffer({ amountMinor: 100_000n, issueDate: '2026-03-01', remainingMinor: 100_000n }, { bp: 200, days: 10 }, '2026-03-11')
 *   // { discountMinor: 2_000n, payMinor: 98_000n, endsOn: '2026-03-11' }
 * @example openEarlyPaymentOffer({ amountMinor: 100_000n, issueDate: '2026-03-01', remainingMinor: 100_000n }, { bp: 200, days: 10 }, '2026-03-12') // null
 */
export function openEarlyPaymentOffer(
  invoice: DiscountableInvoice, terms: DiscountTerms | null, today: CalendarDate,
): EarlyPaymentOffer | null {
  if (!terms) return null;
  const endsOn = discountEndsOn(invoice.issueDate, terms.days);
  if (today > endsOn) return null;
  const discount = discountMinor(invoice.amountMinor, terms.bp);
  if (invoice.remainingMinor <= discount) return null;
  return { discountMinor: discount, payMinor: invoice.remainingMinor - discount, endsOn };
}

/**
 * An invoice's discount as payment matching sees it. `open` is false once a discount was granted, or when cash
 * received after the window was already allocated to the invoice (the window's payments did not settle it).
 */
export interface DiscountCandidate {
  readonly discountMinor: bigint;
  readonly endsOn: CalendarDate;
  readonly bp: number;
  readonly days: number;
  readonly open: boolean;
}

/** A payment that earns the discount: the cash to allocate, and the discount that settles the rest. */
export interface EarlyPaymentSettlement {
  readonly cashMinor: bigint;
  readonly discountMinor: bigint;
}

/**
 * The matching rule. A payment received on or before the window's last day whose amount reaches what the invoice
 * still owes less the discount (remaining − discount; earlier payments in the window count, as they lowered
 * remaining) settles it: that much cash, plus the discount. Any excess of the payment stays unallocated, as for any
 * overpayment. A payment after the window, short of the discounted amount, or covering the full remaining, is
 * allocated as usual (null here).
 * @example earlyPaymentSettlement({ receivedDate: '2026-03-11', amountMinor: 98_000n }, 100_000n,
 *   { discountMinor: 2_000n, endsOn: '2026-03-11', bp: 200, days: 10, open: true })
 *   // { cashMinor: 98_000n, discountMinor: 2_000n }
 * @example earlyPaymentSettlement({ receivedDate: '2026-03-12', amountMinor: 98_000n }, 100_000n, sameDiscount) // null
 */
export function earlyPaymentSettlement(
  payment: { readonly receivedDate: CalendarDate; readonly amountMinor: bigint },
  remainingMinor: bigint,
  discount: DiscountCandidate | null,
): EarlyPaymentSettlement | null {
  if (!discount || !discount.open || payment.receivedDate > discount.endsOn) return null;
  const due = remainingMinor - discount.discountMinor;
  if (due <= 0n || payment.amountMinor < due || payment.amountMinor >= remainingMinor) return null;
  return { cashMinor: due, discountMinor: discount.discountMinor };
}

import type { CalendarDate } from '../../../src/domain/calendar-date.js';
import { dateInZone } from '../../../src/domain/calendar-date.js';

// The KPI oracle: the definitions computed from invoices in memory, slowly and literally, as the reference the
// SQL is held equal to (test/domain/kpi, test/integration/kpi-property.test.ts). Only tests call it, so it lives
// here; the types of what it computes (KpiTotals and its parts) are in src/domain/kpi.

/** Money applied to an invoice on a date: a payment allocation (dated by receipt) or a credit note. */
export interface AppliedAmount {
  readonly on: CalendarDate;
  readonly minor: bigint;
}

/** A dispute by calendar dates in the company's time zone; `closedOn` null while it is open. */
export interface DisputeSpan {
  readonly openedOn: CalendarDate;
  readonly closedOn: CalendarDate | null;
}

/** One invoice with everything the KPI definitions read. Amounts are minor units of `currency`. */
export interface KpiInvoice {
  readonly currency: string;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly amountMinor: bigint;
  /** Allocated payments, each dated by the payment's received date. */
  readonly payments: readonly AppliedAmount[];
  readonly creditNotes: readonly AppliedAmount[];
  readonly disputes: readonly DisputeSpan[];
}

/**
 * The calendar dates of a dispute opened and closed at these instants, in the company's time zone.
 * @example disputeSpan(new Date('2026-03-01T23:30:00Z'), null, 'Asia/Tokyo') // { openedOn: '2026-03-02', closedOn: null }
 */
export function disputeSpan(openedAt: Date, closedAt: Date | null, zone: string): DisputeSpan {
  return { openedOn: dateInZone(openedAt, zone), closedOn: closedAt === null ? null : dateInZone(closedAt, zone) };
}

const sumThrough = (list: readonly AppliedAmount[], date: CalendarDate) =>
  list.reduce((s, a) => (a.on <= date ? s + a.minor : s), 0n);

/**
 * remaining(invoice, D) = amount − payments allocated to it received ≤ D − its credit notes issued ≤ D.
 * It can be negative (credited and paid beyond the amount).
 * @example remainingAt({ amountMinor: 10000n, payments: [{ on: '2026-02-01', minor: 4000n }], creditNotes: [], ... }, '2026-02-01') // 6000n
 */
export function remainingAt(invoice: KpiInvoice, date: CalendarDate): bigint {
  return invoice.amountMinor - sumThrough(invoice.payments, date) - sumThrough(invoice.creditNotes, date);
}

/**
 * Open at D: issued on or before D with remaining(D) > 0.
 * @example isOpenAt(invoiceIssuedJan1Unpaid, '2026-01-01') // true
 */
export function isOpenAt(invoice: KpiInvoice, date: CalendarDate): boolean {
  return invoice.issueDate <= date && remainingAt(invoice, date) > 0n;
}

/**
 * The first date on which remaining ≤ 0 (settled by payments, credit notes or both), or null if it still owes.
 * remaining only falls as dates pass, so from that date on the invoice is never open again.
 * @example settledDate({ amountMinor: 100n, payments: [{ on: '2026-02-03', minor: 60n }], creditNotes: [{ on: '2026-02-05', minor: 40n }], ... }) // "2026-02-05"
 */
export function settledDate(invoice: KpiInvoice): CalendarDate | null {
  const dates = [...new Set([...invoice.payments, ...invoice.creditNotes].map((a) => a.on))].sort();
  return dates.find((d) => remainingAt(invoice, d) <= 0n) ?? null;
}

/**
 * The paid date: the received date of the payment that brought remaining to zero (or below), i.e. the settled
 * date when a payment was received that day. Null when the invoice is not settled, or when a credit note
 * alone settled it (that is credited, not paid).
 * @example paidDate({ amountMinor: 100n, payments: [{ on: '2026-02-03', minor: 60n }, { on: '2026-02-09', minor: 40n }], creditNotes: [], ... }) // "2026-02-09"
 */
export function paidDate(invoice: KpiInvoice): CalendarDate | null {
  const settled = settledDate(invoice);
  return settled !== null && invoice.payments.some((p) => p.on === settled) ? settled : null;
}

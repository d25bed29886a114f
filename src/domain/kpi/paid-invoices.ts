import type { CalendarDate } from '../calendar-date.js';
import { addDaysToDate, daysBetween } from '../calendar-date.js';
import { paidDate, type KpiInvoice } from './kpi-ledger.js';

/** Invoices of one currency fully paid in (D − 90 days, D], with the sums behind the payment-speed KPIs. */
export interface PaidTotals {
  readonly paidCount: bigint;
  /** Σ (paid date − issue date), days. */
  readonly daysToPay: bigint;
  /** Σ max(0, paid date − due date), days. */
  readonly daysLate: bigint;
  /** How many were paid on or before their due date. */
  readonly onTime: bigint;
}

/**
 * Sums over invoices issued on or before D whose paid date falls in (D − 90 days, D].
 * @example computePaidTotals([issuedJan1DueJan31PaidFeb5], '2026-02-10') // { paidCount: 1n, daysToPay: 35n, daysLate: 5n, onTime: 0n }
 */
export function computePaidTotals(invoices: readonly KpiInvoice[], date: CalendarDate): PaidTotals {
  const after = addDaysToDate(date, -90);
  let paidCount = 0n;
  let daysToPay = 0n;
  let daysLate = 0n;
  let onTime = 0n;
  for (const inv of invoices) {
    if (inv.issueDate > date) continue;
    const paid = paidDate(inv);
    if (paid === null || paid <= after || paid > date) continue;
    const late = daysBetween(inv.dueDate, paid);
    paidCount += 1n;
    daysToPay += BigInt(daysBetween(inv.issueDate, paid));
    daysLate += BigInt(Math.max(0, late));
    if (late <= 0) onTime += 1n;
  }
  return { paidCount, daysToPay, daysLate, onTime };
}

import type { CalendarDate } from '../../../src/domain/calendar-date.js';
import { addDaysToDate, daysBetween } from '../../../src/domain/calendar-date.js';
import type { PaidTotals } from '../../../src/domain/kpi/paid-invoices.js';
import { paidDate, type KpiInvoice } from './kpi-ledger.js';

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

import type { CalendarDate } from '../../../src/domain/calendar-date.js';
import type { KpiInvoice } from './kpi-ledger.js';

/**
 * sales(a, b) = Σ amount of invoices issued in (a, b], minor units (gross: credit notes do not reduce sales).
 * @example salesBetween([{ issueDate: '2026-03-01', amountMinor: 500n, ... }], '2026-02-28', '2026-03-31') // 500n
 */
export function salesBetween(invoices: readonly KpiInvoice[], after: CalendarDate, through: CalendarDate): bigint {
  return invoices.reduce((s, i) => (i.issueDate > after && i.issueDate <= through ? s + i.amountMinor : s), 0n);
}

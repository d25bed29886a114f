import type { CalendarDate } from '../../../src/domain/calendar-date.js';
import { daysBetween } from '../../../src/domain/calendar-date.js';
import type { DisputeTotals } from '../../../src/domain/kpi/disputed-receivables.js';
import { isOpenAt, remainingAt, type DisputeSpan, type KpiInvoice } from './kpi-ledger.js';

/**
 * A dispute is open at D when opened on or before D and not closed on or before D.
 * @example isDisputeOpenAt({ openedOn: '2026-02-01', closedOn: '2026-02-10' }, '2026-02-10') // false
 */
export function isDisputeOpenAt(dispute: DisputeSpan, date: CalendarDate): boolean {
  return dispute.openedOn <= date && (dispute.closedOn === null || dispute.closedOn > date);
}

/**
 * disputed_count, disputed_amount and the sums behind avg_dispute_age_days at D.
 * @example computeDisputeTotals([invoiceWithOneDisputeOpenedFeb1], '2026-02-11') // { disputedCount: 1n, openDisputes: 1n, openDisputeAgeDays: 10n, ... }
 */
export function computeDisputeTotals(invoices: readonly KpiInvoice[], date: CalendarDate): DisputeTotals {
  let disputedCount = 0n;
  let disputedAmount = 0n;
  let openDisputes = 0n;
  let openDisputeAgeDays = 0n;
  for (const inv of invoices) {
    const open = inv.disputes.filter((d) => isDisputeOpenAt(d, date));
    if (open.length === 0 || !isOpenAt(inv, date)) continue;
    disputedCount += 1n;
    disputedAmount += remainingAt(inv, date);
    openDisputes += BigInt(open.length);
    for (const d of open) openDisputeAgeDays += BigInt(daysBetween(d.openedOn, date));
  }
  return { disputedCount, disputedAmount, openDisputes, openDisputeAgeDays };
}

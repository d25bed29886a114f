import type { CalendarDate } from '../../../src/domain/calendar-date.js';
import { daysBetween } from '../../../src/domain/calendar-date.js';
import type { AgingBucket, OpenTotals } from '../../../src/domain/kpi/open-receivables.js';
import { isOpenAt, remainingAt, type KpiInvoice } from './kpi-ledger.js';

/**
 * The aging bucket of an open invoice: `current` when not past due (≤ 0 days), then 1-30, 31-60, 61-90, 91+.
 * @example agingBucket(0) // "current"; agingBucket(31) // "d31_60"; agingBucket(91) // "d91_plus"
 */
export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'd1_30';
  if (daysPastDue <= 60) return 'd31_60';
  if (daysPastDue <= 90) return 'd61_90';
  return 'd91_plus';
}

/**
 * open_ar, open_count, overdue_* and aging at D over invoices of one currency. Overdue: open with due date < D
 * (an invoice due on D is not overdue).
 * @example computeOpenTotals([{ amountMinor: 5000n, dueDate: '2026-01-31', ... }], '2026-02-01').overdueAmount // 5000n
 */
export function computeOpenTotals(invoices: readonly KpiInvoice[], date: CalendarDate): OpenTotals {
  const aging = { current: 0n, d1_30: 0n, d31_60: 0n, d61_90: 0n, d91_plus: 0n };
  let openAr = 0n;
  let openCount = 0n;
  let overdueAmount = 0n;
  let overdueCount = 0n;
  for (const inv of invoices) {
    if (!isOpenAt(inv, date)) continue;
    const remaining = remainingAt(inv, date);
    const pastDue = daysBetween(inv.dueDate, date);
    openAr += remaining;
    openCount += 1n;
    if (pastDue > 0) {
      overdueAmount += remaining;
      overdueCount += 1n;
    }
    aging[agingBucket(pastDue)] += remaining;
  }
  return { openAr, openCount, overdueAmount, overdueCount, aging };
}

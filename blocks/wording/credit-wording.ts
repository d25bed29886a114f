import type { CreditAlertView, CreditFacts, CreditHoldFacts } from '../../src/views/credit-view.js';
import type { Fact } from './invoice-wording.js';
import type { Marks } from './marks.js';
import { plural } from './number-text.js';

// The words of credit (issue 19): the credit alerts, the hold line every customer and invoice card shows, and the
// credit line of `/ar`. No markup: each surface passes its Marks.

/**
 * The line a held customer's cards show, everywhere.
 * @example creditHoldLine({ setBy: 'Ana Martin', setOn: '2026-03-20', reason: 'Cheque bounced' }, m)
 * // "⛔ Credit hold — set by Ana Martin on 2026-03-20: Cheque bounced"
 */
export const creditHoldLine = (hold: CreditHoldFacts, m: Marks): string =>
  `${m.icon('no_entry_sign')} Credit hold — set by ${m.esc(hold.setBy)} on ${m.esc(hold.setOn)}: ${m.cut(m.esc(hold.reason), 500)}`;

/** "85% of the limit" (one decimal when there is one), or "over a limit of 0". */
const shareText = (pct: number | null): string => (pct === null ? 'a limit of 0' : `${pct}% of the limit`);

/** The title: "Credit limit 80% reached: Acme" or "Long overdue: Acme". */
export function creditHeader(view: CreditAlertView, m: Marks): string {
  const name = m.esc(view.credit.customerName);
  return view.reason.kind === 'threshold'
    ? `${m.icon(view.reason.threshold >= 100 ? 'rotating_light' : 'warning')} Credit limit ${view.reason.threshold}% reached: ${name}`
    : `${m.icon('hourglass')} Long overdue: ${name}`;
}

/** The sentence under it, to the account manager (`who`) and finance. */
export function creditText(view: CreditAlertView, who: string, m: Marks): string {
  const name = m.bold(view.credit.customerName);
  const l = view.credit.limit;
  if (view.reason.kind === 'threshold') {
    const where = l === null ? 'its credit limit' : `${m.esc(l.openAr)} open, ${shareText(l.usedPercent)} of ${m.esc(l.limit)}`;
    return `${who}: ${name} has reached ${view.reason.threshold}% of its credit limit (${where}). Put it on credit hold, or a finance approver may raise the limit.`;
  }
  return `${who}: ${name} has an invoice ${plural(view.reason.daysOverdue, 'day', 'days')} overdue (more than ${view.reason.overdueDays}). Consider a credit hold before taking new orders.`;
}

/** The notification text. */
export const creditSummary = (view: CreditAlertView, m: Marks): string =>
  (view.reason.kind === 'threshold'
    ? `Credit limit ${view.reason.threshold}% reached: ${m.esc(view.credit.customerName)}`
    : `Long overdue: ${m.esc(view.credit.customerName)}, ${plural(view.reason.daysOverdue, 'day', 'days')}`);

/** The customer's credit as facts: limit, open AR and share, what is left, the oldest overdue invoice. */
export function creditFacts(credit: CreditFacts, m: Marks): Fact[] {
  const l = credit.limit;
  return [
    { label: 'Customer', value: `${m.esc(credit.customerName)} (${m.esc(credit.customerExternalId)})` },
    { label: 'Credit limit', value: l === null ? 'none set' : m.esc(l.limit) },
    ...(l === null ? [] : [
      { label: 'Open AR', value: `${m.esc(l.openAr)} · ${l.usedPercent === null ? 'over a limit of 0' : `${l.usedPercent}% used`}` },
      { label: 'Available', value: l.overLimit ? `${m.esc(l.available)} (over the limit)` : m.esc(l.available) },
    ]),
    { label: 'Oldest overdue', value: credit.oldestOverdueDays === null ? 'nothing overdue' : `${plural(credit.oldestOverdueDays, 'day', 'days')}` },
  ];
}

/** `/ar`'s credit line: "Credit: €8,500.00 of €10,000.00 used (85%) · €1,500.00 available", or none set. */
export function creditLine(credit: CreditFacts, m: Marks): string {
  const l = credit.limit;
  if (l === null) return 'Credit limit: none set';
  const pct = l.usedPercent === null ? 'over a limit of 0' : `${l.usedPercent}%`;
  return `Credit: ${m.esc(l.openAr)} of ${m.esc(l.limit)} used (${pct}) · ${m.esc(l.available)} available`;
}

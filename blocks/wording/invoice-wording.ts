import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { ApprovalFacts, InvoiceFacts } from '../../src/views/alert-view.js';
import type { Marks } from './marks.js';
import { creditHoldLine } from './credit-wording.js';

// Words about an invoice that every surface shows alike: labels, its facts, its one-line form. The words carry no
// markup; each renderer passes its Marks for the data and the bold.

const segmentLabels: Readonly<Record<InvoiceFacts['segment'], string>> = {
  top: 'Top account',
  standard: 'Standard',
  at_risk: 'At risk',
};

/** @example segmentLabel('top', true) // "Top account · strategic" */
export function segmentLabel(segment: InvoiceFacts['segment'], strategic: boolean): string {
  return `${segmentLabels[segment]}${strategic ? ' · strategic' : ''}`;
}

/** @example overdueLabel(12) // "12 days overdue"; overdueLabel(-3) // "due in 3 days" */
export function overdueLabel(daysOverdue: number): string {
  if (daysOverdue === 0) return 'due today';
  const n = Math.abs(daysOverdue);
  const days = `${n} day${n === 1 ? '' : 's'}`;
  return daysOverdue > 0 ? `${days} overdue` : `due in ${days}`;
}

/** A cadence step key as words (unescaped: a key is data). @example stepWords('final_notice') // "final notice" */
export const stepWords = (step: string): string => step.replace(/_/g, ' ');

/** "Acme · INV-7": how an alert names its invoice (unescaped). */
export const invoiceSubject = (invoice: Pick<InvoiceFacts, 'customerName' | 'number'>): string => `${invoice.customerName} · ${invoice.number}`;

/**
 * An ISO instant to the minute in UTC, or null for anything else (shown as given by the caller).
 * @example utcMinuteText('2026-03-02T09:00:00.000Z') // "2026-03-02 09:00 UTC"
 */
export function utcMinuteText(value: string): string | null {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) return null;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * "final notice, sent <date> · delivered" or "none yet"; a bounce is flagged, since reminders stop on it. `date`
 * writes the instant the surface's way (Slack: a date token in each reader's zone; Teams: UTC).
 */
export function reminderText(last: InvoiceFacts['lastReminder'], m: Marks, date: (iso: string) => string): string {
  if (last === null) return 'none yet';
  const tracking = last.tracking === 'bounced' ? `${m.icon('warning')} bounced` : m.esc(last.tracking);
  return `${m.esc(stepWords(last.step))}, sent ${date(last.sentAt)} · ${tracking}`;
}

/** "€500.00 by 2026-03-20", or "to pay by …" for the whole amount. */
export const promiseText = (promise: NonNullable<InvoiceFacts['promise']>, m: Marks): string =>
  `${promise.amount === null ? 'to pay' : m.esc(promise.amount)} by ${m.esc(promise.date)}`;

/** "Investigating, claimed by Ana" or "…, unclaimed". */
export const openDisputeText = (dispute: NonNullable<InvoiceFacts['openDispute']>, m: Marks): string =>
  `${statusLabels[dispute.status]}, ${dispute.ownerName === null ? 'unclaimed' : `claimed by ${m.esc(dispute.ownerName)}`}`;

/** A label and its value, laid out by each surface (Slack section fields, Teams facts). */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** The invoice as facts (at most 10): who, which, how much, how late, what was sent, what is pending. */
export function invoiceFacts(invoice: InvoiceFacts, m: Marks, date: (iso: string) => string): Fact[] {
  const facts: Fact[] = [
    // A credit hold rides on the customer's fact: always shown, and the card keeps Slack's 10 fields.
    { label: 'Customer', value: `${m.esc(invoice.customerName)}${invoice.creditHold ? `\n${creditHoldLine(invoice.creditHold, m)}` : ''}` },
    { label: 'Segment', value: segmentLabel(invoice.segment, invoice.strategic) },
    { label: 'Invoice', value: `${m.esc(invoice.number)}${invoice.clientReference ? ` (ref. ${m.esc(invoice.clientReference)})` : ''}` },
    { label: 'Amount due', value: m.esc(invoice.amountDue) },
    { label: 'Due', value: `${m.esc(invoice.dueDate)} · ${overdueLabel(invoice.daysOverdue)}` },
    { label: 'Last reminder', value: reminderText(invoice.lastReminder, m, date) },
  ];
  if (invoice.promise !== null) facts.push({ label: 'Promise to pay', value: promiseText(invoice.promise, m) });
  if (invoice.openDispute !== null) facts.push({ label: 'Dispute', value: openDisputeText(invoice.openDispute, m) });
  if (invoice.onHoldUntil !== null) facts.push({ label: 'Reminders paused until', value: m.esc(invoice.onHoldUntil) });
  if (invoice.closedDispute !== null) facts.push({ label: 'Closed dispute', value: closedDisputeText(invoice.closedDispute, m) });
  return facts;
}

/** One line of a list: "INV-1 · €1,234.50 · due 2026-03-01 (12 days overdue)", the number in bold. */
export const invoiceLine = (invoice: Pick<InvoiceFacts, 'number' | 'amountDue' | 'dueDate' | 'daysOverdue'>, m: Marks): string =>
  `${m.bold(invoice.number)} · ${m.esc(invoice.amountDue)} · due ${m.esc(invoice.dueDate)} (${overdueLabel(invoice.daysOverdue)})`;

/**
 * The latest closed dispute, as people need it before acting on the invoice.
 * @example closedDisputeText({ status: 'credit_note_issued', closedOn: '2026-03-12', daysAgo: 1, closedBy: 'Ana', creditNoteAwaited: true }, m)
 * // "Credit note announced by Ana on 2026-03-12, not yet in the ledger: reminders stay paused until it arrives"
 */
export function closedDisputeText(closed: NonNullable<InvoiceFacts['closedDispute']>, m: Marks): string {
  if (closed.creditNoteAwaited) {
    return `Credit note announced by ${m.esc(closed.closedBy)} on ${m.esc(closed.closedOn)}, not yet in the ledger: reminders stay paused until it arrives`;
  }
  const ago = closed.daysAgo === 0 ? 'today' : `${closed.daysAgo} day${closed.daysAgo === 1 ? '' : 's'} ago`;
  return `Closed ${ago} (${m.esc(closed.closedOn)}) as ${statusLabels[closed.status].toLowerCase()} by ${m.esc(closed.closedBy)}`;
}

/**
 * Lines for the invoices of an approval whose dispute closed recently (or whose credit note is still awaited), so
 * nobody approves an escalation without knowing: "INV-7: Closed 2 days ago (2026-03-11) as resolved by Ana".
 */
export function recentlyClosedLines(invoices: readonly InvoiceFacts[], m: Marks): string[] {
  return invoices.flatMap((i) => (i.closedDispute === null ? [] : [`${m.esc(i.number)}: ${closedDisputeText(i.closedDispute, m)}`]));
}

/**
 * What the customer was sent before, for an approval: "Sent before: overdue on 2026-03-13, upcoming on 2026-03-03",
 * or that this email would be the first contact.
 * @example sentBeforeText([], 'Acme', m) // "First contact: arbot has sent Acme nothing about these invoices yet."
 */
export function sentBeforeText(sent: ApprovalFacts['sentBefore'], customerName: string, m: Marks): string {
  if (sent.length === 0) return `First contact: arbot has sent ${m.esc(customerName)} nothing about these invoices yet.`;
  return `Sent before: ${sent.map((s) => `${m.esc(stepWords(s.step))} on ${m.esc(s.sentOn)}`).join(', ')}.`;
}

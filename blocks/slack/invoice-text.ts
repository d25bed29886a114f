import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { closedDisputeText } from '../invoice-wording.js';
import { escapeMrkdwn } from './mrkdwn.js';

// Sentences and fields about one invoice, in mrkdwn, shared by the alerts, /ar and the home tab. Every piece of
// data goes through escapeMrkdwn; only the labels are arbot's own markup.

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

/** A cadence step key as words: "final_notice" → "final notice". */
export function stepLabel(step: string): string {
  return escapeMrkdwn(step.replace(/_/g, ' '));
}

/**
 * An ISO instant as Slack's date token, shown in each reader's own time zone; anything else is shown as given.
 * @example slackDate('2026-03-02T09:00:00Z') // "<!date^1772442000^{date_short_pretty} {time}|2026-03-02 09:00 UTC>"
 */
export function slackDate(value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) return escapeMrkdwn(value);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** "final notice, sent Mar 2 · delivered" or "none yet". A bounce is flagged, since reminders stop on it. */
export function reminderText(last: InvoiceFacts['lastReminder']): string {
  if (last === null) return 'none yet';
  const tracking = last.tracking === 'bounced' ? ':warning: bounced' : escapeMrkdwn(last.tracking);
  return `${stepLabel(last.step)}, sent ${slackDate(last.sentAt)} · ${tracking}`;
}

export function promiseText(promise: InvoiceFacts['promise']): string {
  if (promise === null) return 'none';
  return `${promise.amount === null ? 'to pay' : escapeMrkdwn(promise.amount)} by ${escapeMrkdwn(promise.date)}`;
}

export function disputeText(dispute: InvoiceFacts['openDispute']): string {
  if (dispute === null) return 'none';
  const owner = dispute.ownerName === null ? 'unclaimed' : `claimed by ${escapeMrkdwn(dispute.ownerName)}`;
  return `${statusLabels[dispute.status]}, ${owner}`;
}

/** The invoice as section fields (at most 10): who, which, how much, how late, what was sent, what is pending. */
export function invoiceFields(invoice: InvoiceFacts): string[] {
  const fields = [
    `*Customer*\n${escapeMrkdwn(invoice.customerName)}`,
    `*Segment*\n${segmentLabel(invoice.segment, invoice.strategic)}`,
    `*Invoice*\n${escapeMrkdwn(invoice.number)}${invoice.clientReference ? ` (ref. ${escapeMrkdwn(invoice.clientReference)})` : ''}`,
    `*Amount due*\n${escapeMrkdwn(invoice.amountDue)}`,
    `*Due*\n${escapeMrkdwn(invoice.dueDate)} · ${overdueLabel(invoice.daysOverdue)}`,
    `*Last reminder*\n${reminderText(invoice.lastReminder)}`,
  ];
  if (invoice.promise !== null) fields.push(`*Promise to pay*\n${promiseText(invoice.promise)}`);
  if (invoice.openDispute !== null) fields.push(`*Dispute*\n${disputeText(invoice.openDispute)}`);
  if (invoice.onHoldUntil !== null) fields.push(`*Reminders paused until*\n${escapeMrkdwn(invoice.onHoldUntil)}`);
  if (invoice.closedDispute !== null) fields.push(`*Closed dispute*\n${closedDisputeText(invoice.closedDispute, escapeMrkdwn)}`);
  return fields;
}

/** One line of a list: "*INV-1* · €1,234.50 · due 2026-03-01 (12 days overdue)". */
export function invoiceLine(invoice: Pick<InvoiceFacts, 'number' | 'amountDue' | 'dueDate' | 'daysOverdue'>): string {
  return `*${escapeMrkdwn(invoice.number)}* · ${escapeMrkdwn(invoice.amountDue)} · due ${escapeMrkdwn(invoice.dueDate)} (${overdueLabel(invoice.daysOverdue)})`;
}

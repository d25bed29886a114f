import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { invoiceFacts, invoiceLine as invoiceLineWords, reminderText as reminderWords, stepWords, utcMinuteText, type Fact } from '../wording/invoice-wording.js';
import { escapeMrkdwn, mrkdwnMarks } from './mrkdwn.js';

// The shared invoice wording (blocks/wording/invoice-wording.ts) in mrkdwn, for the alerts, /ar and the home tab.
// Slack's own part is the date: a token each reader sees in their own time zone.

/** A cadence step key as escaped words: "final_notice" → "final notice". */
export const stepLabel = (step: string): string => escapeMrkdwn(stepWords(step));

/**
 * An ISO instant as Slack's date token, shown in each reader's own time zone; anything else is shown as given.
 * @example slackDate('2026-03-02T09:00:00Z') // "<!date^1772442000^{date_short_pretty} {time}|2026-03-02 09:00 UTC>"
 */
export function slackDate(value: string): string {
  const fallback = utcMinuteText(value);
  if (fallback === null) return escapeMrkdwn(value);
  return `<!date^${Math.floor(Date.parse(value) / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** "final notice, sent Mar 2 · delivered" or "none yet". */
export const reminderText = (last: InvoiceFacts['lastReminder']): string => reminderWords(last, mrkdwnMarks, slackDate);

/** Label and value as one section field. */
export const fieldText = (f: Fact): string => `*${f.label}*\n${f.value}`;

/** The invoice as section fields (at most 10): who, which, how much, how late, what was sent, what is pending. */
export const invoiceFields = (invoice: InvoiceFacts): string[] => invoiceFacts(invoice, mrkdwnMarks, slackDate).map(fieldText);

/** One line of a list: "*INV-1* · €1,234.50 · due 2026-03-01 (12 days overdue)". */
export const invoiceLine = (invoice: Pick<InvoiceFacts, 'number' | 'amountDue' | 'dueDate' | 'daysOverdue'>): string => invoiceLineWords(invoice, mrkdwnMarks);

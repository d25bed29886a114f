import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { closedDisputeText } from '../invoice-wording.js';
import { overdueLabel, segmentLabel } from '../slack/invoice-text.js';
import { escapeTeamsMarkdown, truncateText } from './teams-markdown.js';

// Facts and lines about one invoice for Teams cards. Every piece of data goes through escapeTeamsMarkdown; the
// plain wording (overdueLabel, segmentLabel) is shared with Slack and has no markup.

export { overdueLabel, segmentLabel };

/** A cadence step key as words: "final_notice" → "final notice". */
export const stepLabel = (step: string) => escapeTeamsMarkdown(step.replace(/_/g, ' '));

/**
 * An ISO instant as "2026-03-02 09:00 UTC"; anything else as given (escaped).
 * @example instantText('2026-03-02T09:00:00.000Z') // "2026-03-02 09:00 UTC"
 */
export function instantText(value: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) return escapeTeamsMarkdown(value);
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "final notice, sent 2026-03-02 09:00 UTC · delivered" or "none yet". A bounce is flagged. */
export function reminderText(last: InvoiceFacts['lastReminder']): string {
  if (last === null) return 'none yet';
  const tracking = last.tracking === 'bounced' ? '⚠️ bounced' : escapeTeamsMarkdown(last.tracking);
  return `${stepLabel(last.step)}, sent ${instantText(last.sentAt)} · ${tracking}`;
}

/** The invoice as facts: who, which, how much, how late, what was sent, what is pending. */
export function invoiceFacts(invoice: InvoiceFacts): [string, string][] {
  const facts: [string, string][] = [
    ['Customer', escapeTeamsMarkdown(invoice.customerName)],
    ['Segment', segmentLabel(invoice.segment, invoice.strategic)],
    ['Invoice', `${escapeTeamsMarkdown(invoice.number)}${invoice.clientReference ? ` (ref. ${escapeTeamsMarkdown(invoice.clientReference)})` : ''}`],
    ['Amount due', escapeTeamsMarkdown(invoice.amountDue)],
    ['Due', `${escapeTeamsMarkdown(invoice.dueDate)} · ${overdueLabel(invoice.daysOverdue)}`],
    ['Last reminder', reminderText(invoice.lastReminder)],
  ];
  if (invoice.promise !== null) {
    facts.push(['Promise to pay', `${invoice.promise.amount === null ? 'to pay' : escapeTeamsMarkdown(invoice.promise.amount)} by ${escapeTeamsMarkdown(invoice.promise.date)}`]);
  }
  if (invoice.openDispute !== null) {
    const d = invoice.openDispute;
    facts.push(['Dispute', `${statusLabels[d.status]}, ${d.ownerName === null ? 'unclaimed' : `claimed by ${escapeTeamsMarkdown(d.ownerName)}`}`]);
  }
  if (invoice.onHoldUntil !== null) facts.push(['Reminders paused until', escapeTeamsMarkdown(invoice.onHoldUntil)]);
  if (invoice.closedDispute !== null) facts.push(['Closed dispute', closedDisputeText(invoice.closedDispute, escapeTeamsMarkdown)]);
  return facts;
}

/** One line of a list: "**INV-1** · €1,234.50 · due 2026-03-01 (12 days overdue)". */
export function invoiceLine(invoice: Pick<InvoiceFacts, 'number' | 'amountDue' | 'dueDate' | 'daysOverdue'>): string {
  return `**${escapeTeamsMarkdown(invoice.number)}** · ${escapeTeamsMarkdown(invoice.amountDue)} · due ${escapeTeamsMarkdown(invoice.dueDate)} (${overdueLabel(invoice.daysOverdue)})`;
}

/**
 * Lines as one list text, whole lines only, with "…and N more <noun>" for what did not fit by count or length.
 * Lines must already be escaped; each is shown as "• line" on its own paragraph (Teams joins single newlines).
 */
export function listText(lines: readonly string[], opts: { maxItems: number; noun: readonly [string, string]; maxChars?: number }): string {
  const budget = opts.maxChars ?? 2800;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines.slice(0, opts.maxItems)) {
    const bullet = `• ${truncateText(line, 500)}`;
    if (used + bullet.length + 2 > budget) break;
    shown.push(bullet);
    used += bullet.length + 2;
  }
  const hidden = lines.length - shown.length;
  const more = hidden === 0 ? [] : [`…and ${hidden} more ${opts.noun[hidden === 1 ? 0 : 1]}`];
  return [...shown, ...more].join('\n\n');
}

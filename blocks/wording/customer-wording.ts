import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { OwnerRef } from '../../src/views/alert-view.js';
import type { CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';
import { invoiceLine, reminderText, segmentLabel, type Fact } from './invoice-wording.js';
import type { Marks } from './marks.js';
import { plural } from './number-text.js';

// The words of one customer's receivables (Slack's /ar, Teams' "ar") and of the chooser when several match. Each
// surface lays the lists out and cuts them to its own size; titles, lines and "none" texts are these.

/** Writes a person the surface's way (a mention when it can). */
type Name = (owner: OwnerRef | null) => string;

/** The lines under the customer's name: segment and id, owners, a pause. */
export function customerContext(view: CustomerOverview, m: Marks, name: Name): string[] {
  return [
    `${segmentLabel(view.segment, view.strategic)} · ${m.esc(view.customerExternalId)}`,
    `Sales: ${name(view.owners.sales)} · Delivery: ${name(view.owners.delivery)}`,
    ...(view.onHoldUntil === null ? [] : [`${m.icon('double_vertical_bar')} Reminders paused until ${m.esc(view.onHoldUntil)}`]),
  ];
}

export const nothingDue = 'Nothing due.';

/** What is due per currency, and how much of it is overdue. */
export const customerTotals = (view: CustomerOverview, m: Marks): Fact[] =>
  view.totals.map((t) => ({ label: `Due in ${m.esc(t.currency)}`, value: `${m.esc(t.amountDue)} · ${m.esc(t.overdue)} overdue` }));

/** One list of the overview: its title, its lines, what they are called when counted, and what it says empty. */
export interface CustomerList {
  readonly title: string;
  readonly lines: string[];
  readonly noun: readonly [string, string];
  readonly empty: string;
}

/**
 * The open invoices (the one long list, which each surface cuts to its own size), then disputes, promises and last
 * reminders. `date` writes an instant the surface's way.
 */
export function customerLists(view: CustomerOverview, m: Marks, name: Name, date: (iso: string) => string): { invoices: CustomerList; others: CustomerList[] } {
  const invoices: CustomerList = {
    title: `Open invoices (${view.openInvoices.length})`, lines: view.openInvoices.map((i) => invoiceLine(i, m)), noun: ['invoice', 'invoices'], empty: 'None.',
  };
  return { invoices, others: [
    {
      title: `Disputes (${view.disputes.length})`,
      lines: view.disputes.map((d) =>
        `${m.bold(d.invoiceNumber)} · ${statusLabels[d.status]} · ${d.owner === null ? 'unclaimed' : `claimed by ${name(d.owner)}`} · ${plural(d.ageDays, 'day', 'days')} old — ${m.cut(m.esc(d.reason), 200)}`),
      noun: ['dispute', 'disputes'],
      empty: 'None open.',
    },
    {
      title: `Promises to pay (${view.promises.length})`,
      lines: view.promises.map((p) => `${m.bold(p.invoiceNumber)} · ${p.amount === null ? 'the amount due' : m.esc(p.amount)} by ${m.esc(p.date)}`),
      noun: ['promise', 'promises'],
      empty: 'None.',
    },
    {
      title: 'Last reminders',
      lines: view.lastReminders.map((r) =>
        `${reminderText({ step: r.step, sentAt: r.sentAt, tracking: r.tracking }, m, date)}${r.invoiceNumbers.length === 0 ? '' : ` (${m.cut(r.invoiceNumbers.map(m.esc).join(', '), 300)})`}`),
      noun: ['reminder', 'reminders'],
      empty: 'None sent yet.',
    },
  ] };
}

export const noCustomerMatches = (query: string, m: Marks): string => `No customer matches “${m.esc(query)}”. Try part of the name or the ERP id.`;

export const customerMatchCount = (count: number, query: string, m: Marks): string =>
  `${count} customer${count === 1 ? '' : 's'} match${count === 1 ? 'es' : ''} “${m.esc(query)}”. Which one?`;

/** What tells one match from another, beside its name. */
export const customerMatchDetail = (match: CustomerMatch, m: Marks): string => `${segmentLabel(match.segment, match.strategic)} · ${m.esc(match.customerExternalId)}`;

export const moreMatches = (hidden: number): string => `…and ${hidden} more. Type more of the name to narrow it down.`;

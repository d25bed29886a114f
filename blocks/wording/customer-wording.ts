import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { OwnerRef } from '../../src/views/alert-view.js';
import type { ConversationReply, CustomerConversation, CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';
import type { ReplyHandling } from '../../src/views/reply-view.js';
import { invoiceLine, reminderText, segmentLabel, stepWords, type Fact } from './invoice-wording.js';
import type { Marks } from './marks.js';
import { creditHoldLine, creditLine } from './credit-wording.js';
import { plural } from './number-text.js';
import { lateChargesList } from './fee-wording.js';
import { customerPlansList } from './plan-view-wording.js';

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
    // A customer without a credit limit says nothing of credit (the credit API answers for it all the same).
    ...(view.credit?.limit == null ? [] : [creditLine(view.credit, m)]),
    ...(view.credit?.hold == null ? [] : [creditHoldLine(view.credit.hold, m)]),
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
 * The open invoices (the one long list, which each surface cuts to its own size), then the customer's replies,
 * disputes, promises and last reminders. `date` writes an instant the surface's way.
 */
export function customerLists(view: CustomerOverview, m: Marks, name: Name, date: (iso: string) => string): { invoices: CustomerList; others: CustomerList[] } {
  const invoices: CustomerList = {
    title: `Open invoices (${view.openInvoices.length})`, lines: view.openInvoices.map((i) => invoiceLine(i, m)), noun: ['invoice', 'invoices'], empty: 'None.',
  };
  return { invoices, others: [
    conversationList(view.conversation, m),
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
    // What could be claimed for late payment: shown only for a customer with late invoices under a late-fee rule.
    ...(view.lateCharges ? [lateChargesList(view.lateCharges, m)] : []),
    // Payment plans (issue 20): shown only for a customer who has or lately had one.
    ...(view.plans && view.plans.length > 0 ? [customerPlansList(view.plans, m)] : []),
  ] };
}

const handledWords: Readonly<Record<ReplyHandling, string>> = {
  answered: 'answered', promise: 'logged a promise', dispute: 'opened a dispute', resumed: 'resumed reminders', done: 'marked it done',
};

const answerWords: Readonly<Record<ConversationReply['answers'][number]['status'], string>> = {
  sent: 'answer sent', queued: 'answer being sent', sending: 'answer being sent', failed: 'answer NOT sent', in_doubt: 'answer may not have been sent',
};

/**
 * One reply of the conversation: "2026-03-12 09:14 · Ann <ap@x> · *Re: Invoice* (to the overdue reminder) — “We pay
 * on the 15th.” · waiting", then who dealt with it and the answers sent. The customer's words go through `m.esc`.
 */
export function conversationLine(r: ConversationReply, m: Marks): string {
  const about = `${r.subject === '' ? m.italic('(no subject)') : m.strong(m.cut(m.esc(r.subject), 150))}${r.step === null ? '' : ` (to the ${stepWords(r.step)} reminder)`}`;
  const words = r.excerpt === '' ? m.italic('(no text)') : `“${m.esc(r.excerpt)}”`;
  const status = r.handled === null
    ? 'waiting'
    : `${m.esc(r.handled.by)} ${handledWords[r.handled.how]} (${m.esc(r.handled.at)})`;
  // No icons mid-line: Slack writes them as :codes:, and the line must read the same on both surfaces.
  const answers = r.answers.map((a) => `${m.esc(a.by)}: ${answerWords[a.status]} (${m.esc(a.at)})`);
  return [`${m.esc(r.receivedAt)} · ${m.cut(m.esc(r.from), 120)} · ${about} — ${words}`, status, ...answers].join(' · ');
}

/** The latest replies, newest first, under a title that counts those waiting. */
export const conversationList = (c: CustomerConversation, m: Marks): CustomerList => ({
  title: `Customer replies (${c.waiting} waiting; times in ${m.esc(c.zone)})`,
  lines: c.replies.map((r) => conversationLine(r, m)),
  noun: ['reply', 'replies'],
  empty: 'None received.',
});

export const noCustomerMatches = (query: string, m: Marks): string => `No customer matches “${m.esc(query)}”. Try part of the name or the ERP id.`;

export const customerMatchCount = (count: number, query: string, m: Marks): string =>
  `${count} customer${count === 1 ? '' : 's'} match${count === 1 ? 'es' : ''} “${m.esc(query)}”. Which one?`;

/** What tells one match from another, beside its name. */
export const customerMatchDetail = (match: CustomerMatch, m: Marks): string => `${segmentLabel(match.segment, match.strategic)} · ${m.esc(match.customerExternalId)}`;

export const moreMatches = (hidden: number): string => `…and ${hidden} more. Type more of the name to narrow it down.`;

import { statusLabels } from '../src/domain/disputes/dispute-status.js';
import type { ApprovalFacts, DisputeFacts, InvoiceFacts } from '../src/views/alert-view.js';

// Sentences about an invoice that every surface shows in the same words. Each renderer passes its own escaping
// for the data (mrkdwn for Slack, Teams markdown, HTML); the words themselves carry no markup.

type Escape = (text: string) => string;

/**
 * The latest closed dispute, as people need it before acting on the invoice.
 * @example closedDisputeText({ status: 'credit_note_issued', closedOn: '2026-03-12', daysAgo: 1, closedBy: 'Ana', creditNoteAwaited: true }, (t) => t)
 * // "Credit note announced by Ana on 2026-03-12, not yet in the ledger: reminders stay paused until it arrives"
 */
export function closedDisputeText(closed: NonNullable<InvoiceFacts['closedDispute']>, esc: Escape): string {
  if (closed.creditNoteAwaited) {
    return `Credit note announced by ${esc(closed.closedBy)} on ${esc(closed.closedOn)}, not yet in the ledger: reminders stay paused until it arrives`;
  }
  const ago = closed.daysAgo === 0 ? 'today' : `${closed.daysAgo} day${closed.daysAgo === 1 ? '' : 's'} ago`;
  return `Closed ${ago} (${esc(closed.closedOn)}) as ${statusLabels[closed.status].toLowerCase()} by ${esc(closed.closedBy)}`;
}

/**
 * Lines for the invoices of an approval whose dispute closed recently (or whose credit note is still awaited), so
 * nobody approves an escalation without knowing: "INV-7: Closed 2 days ago (2026-03-11) as resolved by Ana".
 */
export function recentlyClosedLines(invoices: readonly InvoiceFacts[], esc: Escape): string[] {
  return invoices.flatMap((i) => (i.closedDispute === null ? [] : [`${esc(i.number)}: ${closedDisputeText(i.closedDispute, esc)}`]));
}

/**
 * What the customer was sent before, for an approval: "Sent before: overdue on 2026-03-13, upcoming on 2026-03-03",
 * or that this email would be the first contact.
 * @example sentBeforeText([], 'Acme', (t) => t) // "First contact: arbot has sent Acme nothing about these invoices yet."
 */
export function sentBeforeText(sent: ApprovalFacts['sentBefore'], customerName: string, esc: Escape): string {
  if (sent.length === 0) return `First contact: arbot has sent ${esc(customerName)} nothing about these invoices yet.`;
  return `Sent before: ${sent.map((s) => `${esc(s.step.replace(/_/g, ' '))} on ${esc(s.sentOn)}`).join(', ')}.`;
}

/** How a renderer writes data into a sentence: its escaping, and its bold around escaped data. */
export interface Marks {
  readonly esc: Escape;
  readonly bold: Escape;
}

/** Only a dispute about delivery says payment waits on delivery; an invoice merely late asks whether anything does. */
export const waitsOnDelivery = (dispute: DisputeFacts | null): boolean => dispute !== null && dispute.deliveryRelated;

/**
 * The title of a delivery alert: "Delivery blocker" only when a delivery-related dispute says so, else "Delivery
 * check" (an invoice past the delivery threshold, or disputed for another reason such as a missing PO).
 */
export const deliveryTitle = (dispute: DisputeFacts | null): string => (waitsOnDelivery(dispute) ? 'Delivery blocker' : 'Delivery check');

/**
 * What a delivery alert asks its delivery owner, saying only what is known: a delivery-related dispute makes
 * payment wait on delivery; otherwise the invoice is late and Delivery is asked whether anything blocks payment,
 * and a dispute about something else is named as such.
 * @example deliveryAsk(inv, null, '12 days overdue', { esc: (t) => t, bold: (t) => t })
 * // "invoice INV-7 of Acme (€10.00 due) is 12 days overdue. Delivery, is anything blocking payment (…)? Add a note here either way."
 */
export function deliveryAsk(invoice: InvoiceFacts, dispute: DisputeFacts | null, overdue: string, m: Marks): string {
  const what = `invoice ${m.bold(invoice.number)} of ${m.bold(invoice.customerName)} (${m.esc(invoice.amountDue)} due) is ${overdue}`;
  if (waitsOnDelivery(dispute)) {
    return `${what} and disputed for a delivery reason, so payment is waiting on delivery. Please clear the blocker (proof of delivery, missing items, acceptance), claim the dispute and keep its status current.`;
  }
  const ask = `${what}. Delivery, is anything blocking payment (proof of delivery, missing items, acceptance)? Add a note here either way.`;
  return dispute === null ? ask : `${ask} It is also disputed, for a reason that is not about delivery (below).`;
}

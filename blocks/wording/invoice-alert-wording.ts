import { missingInvoiceFieldLabels, type DisputeFacts, type InvoiceFacts, type MissingInvoiceField } from '../../src/views/alert-view.js';
import { closedDisputeText, invoiceSubject, overdueLabel } from './invoice-wording.js';
import type { Marks } from './marks.js';

// The sentences of the alerts about one invoice (overdue, delivery, promise broken, credit note awaited,
// incomplete). `who` is the person as the surface names them (a Slack or Teams mention, already marked up).
// Headers take the marks of the surface's title text; summaries those of its notification text.

/**
 * "Overdue: Acme · INV-7" with its picture; "Invoice: Acme · INV-7" while it is not yet overdue (the card a customer's
 * reply to a D-7 reminder is threaded under).
 */
export const overdueHeader = (invoice: InvoiceFacts, m: Marks): string =>
  `${m.icon(invoice.daysOverdue > 0 ? 'hourglass' : 'memo')} ${invoice.daysOverdue > 0 ? 'Overdue' : 'Invoice'}: ${m.esc(invoiceSubject(invoice))}`;

export const overdueText = (invoice: InvoiceFacts, who: string, m: Marks): string =>
  `${who}: invoice ${m.bold(invoice.number)} of ${m.bold(invoice.customerName)} is ${overdueLabel(invoice.daysOverdue)}, with ${m.esc(invoice.amountDue)} still due.`;

export const overdueSummary = (invoice: InvoiceFacts, m: Marks): string =>
  `${invoice.daysOverdue > 0 ? 'Overdue' : 'Invoice'}: ${m.esc(invoiceSubject(invoice))}, ${m.esc(invoice.amountDue)} due, ${overdueLabel(invoice.daysOverdue)}`;

/** Only a dispute about delivery says payment waits on delivery; an invoice merely late asks whether anything does. */
export const waitsOnDelivery = (dispute: DisputeFacts | null): boolean => dispute !== null && dispute.deliveryRelated;

/**
 * The title of a delivery alert: "Delivery blocker" only when a delivery-related dispute says so, else "Delivery
 * check" (an invoice past the delivery threshold, or disputed for another reason such as a missing PO).
 */
export const deliveryTitle = (dispute: DisputeFacts | null): string => (waitsOnDelivery(dispute) ? 'Delivery blocker' : 'Delivery check');

export const deliveryHeader = (invoice: InvoiceFacts, dispute: DisputeFacts | null, m: Marks): string =>
  `${m.icon('construction')} ${deliveryTitle(dispute)}: ${m.esc(invoiceSubject(invoice))}`;

/**
 * What a delivery alert asks its delivery owner, saying only what is known: a delivery-related dispute makes
 * payment wait on delivery; otherwise the invoice is late and Delivery is asked whether anything blocks payment,
 * and a dispute about something else is named as such.
 * @example deliveryAsk(inv, null, m)
 * // "invoice INV-7 of Acme (€10.00 due) is 12 days overdue. Delivery, is anything blocking payment (…)? Add a note here either way."
 */
export function deliveryAsk(invoice: InvoiceFacts, dispute: DisputeFacts | null, m: Marks): string {
  const what = `invoice ${m.bold(invoice.number)} of ${m.bold(invoice.customerName)} (${m.esc(invoice.amountDue)} due) is ${overdueLabel(invoice.daysOverdue)}`;
  if (waitsOnDelivery(dispute)) {
    return `${what} and disputed for a delivery reason, so payment is waiting on delivery. Please clear the blocker (proof of delivery, missing items, acceptance), claim the dispute and keep its status current.`;
  }
  const ask = `${what}. Delivery, is anything blocking payment (proof of delivery, missing items, acceptance)? Add a note here either way.`;
  return dispute === null ? ask : `${ask} It is also disputed, for a reason that is not about delivery (below).`;
}

/** The label over the customer's own words on a delivery alert. */
export const customerReasonLabel = "Customer's reason";

export const deliverySummary = (invoice: InvoiceFacts, dispute: DisputeFacts | null, m: Marks): string =>
  `${deliveryTitle(dispute)}: ${m.esc(invoiceSubject(invoice))}, ${overdueLabel(invoice.daysOverdue)}${dispute === null ? '' : ', disputed'}`;

export const promiseBrokenHeader = (invoice: InvoiceFacts, m: Marks): string => `${m.icon('broken_heart')} Promise broken: ${m.esc(invoiceSubject(invoice))}`;

export const promiseBrokenText = (invoice: InvoiceFacts, promisedDate: string, who: string, m: Marks): string =>
  `${who}: ${m.bold(invoice.customerName)} promised to pay invoice ${m.bold(invoice.number)} by ${m.esc(promisedDate)}, and ${m.esc(invoice.amountDue)} is still due (${overdueLabel(invoice.daysOverdue)}). Reminders resume on the usual cadence unless you log a new promise or pause them.`;

export const promiseBrokenSummary = (invoice: InvoiceFacts, promisedDate: string, m: Marks): string =>
  `Promise broken: ${m.esc(invoiceSubject(invoice))}, promised by ${m.esc(promisedDate)}, ${m.esc(invoice.amountDue)} still due`;

export const customerPromiseHeader = (invoice: InvoiceFacts, m: Marks): string => `${m.icon('memo')} Promise from the portal: ${m.esc(invoiceSubject(invoice))}`;

/** "invoice INV-7" or "invoices INV-7, INV-9". */
const invoiceList = (numbers: readonly string[], m: Marks): string =>
  `invoice${numbers.length === 1 ? '' : 's'} ${numbers.map((n) => m.bold(n)).join(', ')}`;

export const customerPromiseText = (invoice: InvoiceFacts, numbers: readonly string[], amount: string, promisedDate: string, who: string, m: Marks): string =>
  `${who}: ${m.bold(invoice.customerName)} promised on the customer portal to pay ${m.esc(amount)} for ${invoiceList(numbers, m)} by ${m.esc(promisedDate)}. Reminders about them hold until then; a promise not kept is flagged here.`;

export const customerPromiseSummary = (invoice: InvoiceFacts, amount: string, promisedDate: string, m: Marks): string =>
  `Promise from the portal: ${m.esc(invoiceSubject(invoice))}, ${m.esc(amount)} by ${m.esc(promisedDate)}`;

export const creditNoteHeader = (invoice: InvoiceFacts, m: Marks): string => `${m.icon('hourglass')} Credit note still awaited: ${m.esc(invoiceSubject(invoice))}`;

export function creditNoteText(invoice: InvoiceFacts, who: string, m: Marks): string {
  const announced = invoice.closedDispute === null ? 'A credit note was announced' : closedDisputeText(invoice.closedDispute, m);
  return `${who} and finance: ${announced}. ${m.bold(invoice.customerName)} is waiting for it and gets no reminder for invoice ${m.bold(invoice.number)} meanwhile.`;
}

export const creditNoteTodo = (m: Marks): string =>
  `${m.bold('What to do:')} issue the credit note in the ERP and import it (or post it to the API); if no credit is due after all, reopen the dispute and settle it another way.`;

export const creditNoteSummary = (invoice: InvoiceFacts, m: Marks): string => `Credit note still awaited: ${m.esc(invoiceSubject(invoice))}`;

export const incompleteHeader = (invoice: InvoiceFacts, m: Marks): string => `${m.icon('memo')} Incomplete invoice: ${m.esc(invoiceSubject(invoice))}`;

/** The sentence before the list of what is missing (it ends with a colon). */
export const incompleteText = (invoice: InvoiceFacts, who: string, m: Marks): string =>
  `${who}: invoice ${m.bold(invoice.number)} of ${m.bold(invoice.customerName)} is missing what the customer needs to pay it:`;

/** "• PO number" a line; the surface joins them. */
export const missingItems = (missing: readonly MissingInvoiceField[]): string[] =>
  missing.length === 0 ? ['• (nothing listed)'] : missing.map((f) => `• ${missingInvoiceFieldLabels[f]}`);

export const incompleteTodo = (m: Marks): string =>
  `${m.bold('What to do:')} get it from the customer or the delivery team, add it to the invoice in the ERP and import it again. Pause the reminders meanwhile if the first one is close.`;

export const incompleteSummary = (invoice: InvoiceFacts, missing: readonly MissingInvoiceField[], m: Marks): string =>
  `Incomplete invoice: ${m.esc(invoiceSubject(invoice))}, missing ${missing.map((f) => missingInvoiceFieldLabels[f]).join(', ')}`;

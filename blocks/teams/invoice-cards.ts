import {
  creditNoteHeader, creditNoteSummary, creditNoteText, creditNoteTodo, customerReasonLabel, deliveryAsk, deliveryHeader, deliverySummary,
  incompleteHeader, incompleteSummary, incompleteText, incompleteTodo, missingItems, overdueHeader, overdueSummary, overdueText,
  promiseBrokenHeader, promiseBrokenSummary, promiseBrokenText, customerPromiseHeader, customerPromiseSummary, customerPromiseText,
} from '../wording/invoice-alert-wording.js';
import type { DisputeFacts, InvoiceFacts, MissingInvoiceField, OwnerRef } from '../../src/views/alert-view.js';
import {
  actionSet, adaptiveCard, execute, factSet, headerBlock, textBlock, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import { disputeControls, quoteBox } from './dispute-cards.js';
import { invoiceControls } from '../../src/views/card-controls.js';
import { disputeForm, holdForm, invoiceForms, noteForm } from './invoice-forms.js';
import { invoiceFacts } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

// The invoice alerts as cards: the shared wording (blocks/wording/invoice-alert-wording.ts) in Teams markdown,
// summaries in plain text, and Teams' forms.

const card = (body: CardElement[], summary: string, mentions: Mentions): TeamsCard =>
  ({ card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary });

/** The invoice's controls (src/views/card-controls.ts): those that ask for details unfold their form on the card. */
function invoiceActions(invoice: InvoiceFacts): CardElement {
  return actionSet(invoiceControls(invoice).map((c) => invoiceForms[c.id]?.(invoice)
    ?? execute(c.label, c.id, { i: invoice.invoiceId }, c.style === 'primary' ? 'positive' : c.style === 'danger' ? 'destructive' : undefined)));
}

/** An invoice just became overdue (or arrived overdue): to the sales owner. */
export function buildOverdueCard(invoice: InvoiceFacts, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(overdueHeader(invoice, md)),
    textBlock(overdueText(invoice, mentions.name(owner), md)),
    factSet(invoiceFacts(invoice)),
    invoiceActions(invoice),
  ];
  return card(body, overdueSummary(invoice, plain), mentions);
}

/** To the delivery owner: a "blocker" only with a delivery-related dispute, else a question; a dispute brings its controls. */
export function buildDeliveryBlockerCard(
  invoice: InvoiceFacts, owner: OwnerRef | null, dispute: DisputeFacts | null, mentions: Mentions, notice: CardElement[],
): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(deliveryHeader(invoice, dispute, md)),
    textBlock(`${mentions.name(owner)}: ${deliveryAsk(invoice, dispute, md)}`),
    ...(dispute === null ? [] : [textBlock(md.strong(`${customerReasonLabel}:`)), quoteBox(dispute.reason)]),
    factSet(invoiceFacts(invoice)),
    ...(dispute === null ? [actionSet([disputeForm(invoice), noteForm({ i: invoice.invoiceId })])] : disputeControls(dispute, mentions)),
  ];
  return card(body, deliverySummary(invoice, dispute, plain), mentions);
}

/** A promise to pay passed its date (plus grace) unpaid: reminders resume. */
export function buildPromiseBrokenCard(invoice: InvoiceFacts, promisedDate: string, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(promiseBrokenHeader(invoice, md)),
    textBlock(promiseBrokenText(invoice, promisedDate, mentions.name(owner), md)),
    factSet(invoiceFacts(invoice)),
    invoiceActions(invoice),
  ];
  return card(body, promiseBrokenSummary(invoice, promisedDate, plain), mentions);
}

/** The customer promised to pay on the portal: to the sales owner, with the invoice's controls. */
export function buildCustomerPromiseCard(
  invoice: InvoiceFacts, numbers: readonly string[], amount: string, promisedDate: string, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[],
): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(customerPromiseHeader(invoice, md)),
    textBlock(customerPromiseText(invoice, numbers, amount, promisedDate, mentions.name(owner), md)),
    factSet(invoiceFacts(invoice)),
    invoiceActions(invoice),
  ];
  return card(body, customerPromiseSummary(invoice, amount, promisedDate, plain), mentions);
}

/** A credit note was announced and has not reached the ledger: the invoice's reminders stay paused meanwhile. */
export function buildCreditNoteAwaitedCard(invoice: InvoiceFacts, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(creditNoteHeader(invoice, md)),
    textBlock(creditNoteText(invoice, mentions.name(owner), md)),
    textBlock(creditNoteTodo(md)),
    factSet(invoiceFacts(invoice)),
    actionSet([noteForm({ i: invoice.invoiceId })]),
  ];
  return card(body, creditNoteSummary(invoice, plain), mentions);
}

/** An invoice lacks what the customer needs to pay it, flagged before the first reminder. */
export function buildIncompleteInvoiceCard(
  invoice: InvoiceFacts, missing: readonly MissingInvoiceField[], owner: OwnerRef | null, mentions: Mentions, notice: CardElement[],
): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(incompleteHeader(invoice, md)),
    textBlock(incompleteText(invoice, mentions.name(owner), md)),
    textBlock(missingItems(missing).join('\n\n')),
    textBlock(incompleteTodo(md)),
    factSet(invoiceFacts(invoice)),
    actionSet([holdForm(invoice), noteForm({ i: invoice.invoiceId })]),
  ];
  return card(body, incompleteSummary(invoice, missing, plain), mentions);
}

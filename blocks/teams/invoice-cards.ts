import { closedDisputeText, deliveryAsk, deliveryTitle } from '../invoice-wording.js';
import { missingInvoiceFieldLabels, type DisputeFacts, type InvoiceFacts, type MissingInvoiceField, type OwnerRef } from '../../src/views/alert-view.js';
import {
  actionSet, adaptiveCard, factSet, headerBlock, textBlock, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import { disputeControls, quoteBox } from './dispute-cards.js';
import { disputeForm, holdForm, noteForm, promiseForm } from './invoice-forms.js';
import { invoiceFacts, overdueLabel } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { bold, escapeTeamsMarkdown } from './teams-markdown.js';

type Missing = MissingInvoiceField;
const missingLabels = missingInvoiceFieldLabels;

const subjectOf = (invoice: InvoiceFacts) => `${invoice.customerName} · ${invoice.number}`;
const card = (body: CardElement[], summary: string, mentions: Mentions): TeamsCard =>
  ({ card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary });

/** What someone can do about an overdue invoice. "Open a dispute" is left out while one is open. */
function invoiceActions(invoice: InvoiceFacts): CardElement {
  return actionSet([
    promiseForm(invoice),
    holdForm(invoice),
    ...(invoice.openDispute === null ? [disputeForm(invoice)] : []),
    noteForm({ i: invoice.invoiceId }),
  ]);
}

/** An invoice just became overdue (or arrived overdue): to the sales owner. */
export function buildOverdueCard(invoice: InvoiceFacts, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(`⏳ Overdue: ${escapeTeamsMarkdown(subjectOf(invoice))}`),
    textBlock(`${mentions.name(owner)}: invoice ${bold(invoice.number)} of ${bold(invoice.customerName)} is ${overdueLabel(invoice.daysOverdue)}, with ${escapeTeamsMarkdown(invoice.amountDue)} still due.`),
    factSet(invoiceFacts(invoice)),
    invoiceActions(invoice),
  ];
  return card(body, `Overdue: ${subjectOf(invoice)}, ${invoice.amountDue} due, ${overdueLabel(invoice.daysOverdue)}`, mentions);
}

/** To the delivery owner: a "blocker" only with a delivery-related dispute, else a question; a dispute brings its controls. */
export function buildDeliveryBlockerCard(
  invoice: InvoiceFacts, owner: OwnerRef | null, dispute: DisputeFacts | null, mentions: Mentions, notice: CardElement[],
): TeamsCard {
  const title = deliveryTitle(dispute);
  const body: CardElement[] = [
    ...notice,
    headerBlock(`🚧 ${title}: ${escapeTeamsMarkdown(subjectOf(invoice))}`),
    textBlock(`${mentions.name(owner)}: ${deliveryAsk(invoice, dispute, overdueLabel(invoice.daysOverdue), { esc: escapeTeamsMarkdown, bold })}`),
    ...(dispute === null ? [] : [textBlock("**Customer's reason:**"), quoteBox(dispute.reason)]),
    factSet(invoiceFacts(invoice)),
    ...(dispute === null ? [actionSet([disputeForm(invoice), noteForm({ i: invoice.invoiceId })])] : disputeControls(dispute, mentions)),
  ];
  return card(body, `${title}: ${subjectOf(invoice)}, ${overdueLabel(invoice.daysOverdue)}${dispute === null ? '' : ', disputed'}`, mentions);
}

/** A promise to pay passed its date (plus grace) unpaid: reminders resume. */
export function buildPromiseBrokenCard(invoice: InvoiceFacts, promisedDate: string, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(`💔 Promise broken: ${escapeTeamsMarkdown(subjectOf(invoice))}`),
    textBlock(`${mentions.name(owner)}: ${bold(invoice.customerName)} promised to pay invoice ${bold(invoice.number)} by ${escapeTeamsMarkdown(promisedDate)}, and ${escapeTeamsMarkdown(invoice.amountDue)} is still due (${overdueLabel(invoice.daysOverdue)}). Reminders resume on the usual cadence unless you log a new promise or pause them.`),
    factSet(invoiceFacts(invoice)),
    invoiceActions(invoice),
  ];
  return card(body, `Promise broken: ${subjectOf(invoice)}, promised by ${promisedDate}, ${invoice.amountDue} still due`, mentions);
}

/** A credit note was announced and has not reached the ledger: the invoice's reminders stay paused meanwhile. */
export function buildCreditNoteAwaitedCard(invoice: InvoiceFacts, owner: OwnerRef | null, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const announced = invoice.closedDispute === null ? 'A credit note was announced' : closedDisputeText(invoice.closedDispute, escapeTeamsMarkdown);
  const body: CardElement[] = [
    ...notice,
    headerBlock(`⏳ Credit note still awaited: ${escapeTeamsMarkdown(subjectOf(invoice))}`),
    textBlock(`${mentions.name(owner)} and finance: ${announced}. ${bold(invoice.customerName)} is waiting for it and gets no reminder for invoice ${bold(invoice.number)} meanwhile.`),
    textBlock('**What to do:** issue the credit note in the ERP and import it (or post it to the API); if no credit is due after all, reopen the dispute and settle it another way.'),
    factSet(invoiceFacts(invoice)),
    actionSet([noteForm({ i: invoice.invoiceId })]),
  ];
  return card(body, `Credit note still awaited: ${subjectOf(invoice)}`, mentions);
}

/** An invoice lacks what the customer needs to pay it, flagged before the first reminder. */
export function buildIncompleteInvoiceCard(
  invoice: InvoiceFacts, missing: readonly Missing[], owner: OwnerRef | null, mentions: Mentions, notice: CardElement[],
): TeamsCard {
  const list = missing.map((m) => `• ${missingLabels[m]}`).join('\n\n') || '• (nothing listed)';
  const body: CardElement[] = [
    ...notice,
    headerBlock(`📝 Incomplete invoice: ${escapeTeamsMarkdown(subjectOf(invoice))}`),
    textBlock(`${mentions.name(owner)}: invoice ${bold(invoice.number)} of ${bold(invoice.customerName)} is missing what the customer needs to pay it:`),
    textBlock(list),
    textBlock('**What to do:** get it from the customer or the delivery team, add it to the invoice in the ERP and import it again. Pause the reminders meanwhile if the first one is close.'),
    factSet(invoiceFacts(invoice)),
    actionSet([holdForm(invoice), noteForm({ i: invoice.invoiceId })]),
  ];
  return card(body, `Incomplete invoice: ${subjectOf(invoice)}, missing ${missing.map((m) => missingLabels[m]).join(', ')}`, mentions);
}

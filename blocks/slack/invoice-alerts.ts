import { closedDisputeText, deliveryAsk, deliveryTitle } from '../invoice-wording.js';
import { actionIds, missingInvoiceFieldLabels, type DisputeFacts, type InvoiceFacts, type MissingInvoiceField, type OwnerRef } from '../../src/views/alert-view.js';
import { invoiceValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, fieldsBlock, headerBlock, literalTextBlock, sectionBlock,
  type KnownBlock, type SlackMessage,
} from './block-kit.js';
import { disputeControls, quoteText } from './dispute-alerts.js';
import { invoiceFields, overdueLabel } from './invoice-text.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';

type Missing = MissingInvoiceField;
const missingLabels = missingInvoiceFieldLabels;

const subjectOf = (invoice: InvoiceFacts) => `${invoice.customerName} · ${invoice.number}`;
const fallback = (text: string) => truncate(text, blockKitLimits.fallbackText);

/**
 * What someone can do about an overdue invoice. "Open a dispute" is left out while one is open: there is one
 * dispute per invoice at a time, and its own controls sit on the dispute's message.
 */
export function invoiceActions(invoice: InvoiceFacts): KnownBlock {
  const value = invoiceValue(invoice.invoiceId);
  return actionsBlock([
    button({ text: 'Log a promise to pay', actionId: actionIds.logPromise, value, style: 'primary' }),
    button({ text: 'Pause reminders', actionId: actionIds.pauseReminders, value }),
    ...(invoice.openDispute === null ? [button({ text: 'Open a dispute', actionId: actionIds.openDispute, value })] : []),
    button({ text: 'Add a note', actionId: actionIds.addNote, value }),
  ], 'arbot.invoice_actions');
}

/** An invoice just became overdue (or arrived overdue): to the sales owner's channel. */
export function buildOverdueAlert(invoice: InvoiceFacts, owner: OwnerRef | null): SlackMessage {
  const blocks: KnownBlock[] = [
    headerBlock(`:hourglass: Overdue: ${subjectOf(invoice)}`),
    sectionBlock(`${mention(owner)}: invoice *${escapeMrkdwn(invoice.number)}* of *${escapeMrkdwn(invoice.customerName)}* is ${overdueLabel(invoice.daysOverdue)}, with ${escapeMrkdwn(invoice.amountDue)} still due.`),
    fieldsBlock(invoiceFields(invoice)),
    invoiceActions(invoice),
  ];
  return {
    text: fallback(`Overdue: ${escapeMrkdwn(subjectOf(invoice))}, ${escapeMrkdwn(invoice.amountDue)} due, ${overdueLabel(invoice.daysOverdue)}`),
    blocks,
  };
}

/**
 * To the delivery owner of an invoice past the delivery threshold or with a delivery-related dispute. Only such a
 * dispute makes it a "blocker"; otherwise it asks whether anything blocks payment. A dispute brings its claim and
 * status controls along.
 */
export function buildDeliveryBlockerAlert(invoice: InvoiceFacts, owner: OwnerRef | null, dispute: DisputeFacts | null): SlackMessage {
  const title = deliveryTitle(dispute);

  const value = invoiceValue(invoice.invoiceId);
  const blocks: KnownBlock[] = [
    headerBlock(`:construction: ${title}: ${subjectOf(invoice)}`),
    sectionBlock(`${mention(owner)}: ${deliveryAsk(invoice, dispute, overdueLabel(invoice.daysOverdue), { esc: escapeMrkdwn, bold: (t) => `*${escapeMrkdwn(t)}*` })}`),
    ...(dispute === null ? [] : [literalTextBlock(dispute.reason, { label: "Customer's reason" })]),
    fieldsBlock(invoiceFields(invoice)),
    ...(dispute === null
      ? [actionsBlock([
        button({ text: 'Open a dispute', actionId: actionIds.openDispute, value }),
        button({ text: 'Add a note', actionId: actionIds.addNote, value }),
      ], 'arbot.invoice_actions')]
      : disputeControls(dispute)),
  ];
  return {
    text: fallback(`${title}: ${escapeMrkdwn(subjectOf(invoice))}, ${overdueLabel(invoice.daysOverdue)}${dispute === null ? '' : ', disputed'}`),
    blocks,
  };
}

/** A promise to pay passed its date (plus grace) unpaid: the promise no longer pauses the reminders. */
export function buildPromiseBrokenAlert(invoice: InvoiceFacts, promisedDate: string, owner: OwnerRef | null): SlackMessage {
  const blocks: KnownBlock[] = [
    headerBlock(`:broken_heart: Promise broken: ${subjectOf(invoice)}`),
    sectionBlock(`${mention(owner)}: *${escapeMrkdwn(invoice.customerName)}* promised to pay invoice *${escapeMrkdwn(invoice.number)}* by ${escapeMrkdwn(promisedDate)}, and ${escapeMrkdwn(invoice.amountDue)} is still due (${overdueLabel(invoice.daysOverdue)}). Reminders resume on the usual cadence unless you log a new promise or pause them.`),
    fieldsBlock(invoiceFields(invoice)),
    invoiceActions(invoice),
  ];
  return {
    text: fallback(`Promise broken: ${escapeMrkdwn(subjectOf(invoice))}, promised by ${escapeMrkdwn(promisedDate)}, ${escapeMrkdwn(invoice.amountDue)} still due`),
    blocks,
  };
}

/**
 * A credit note was announced (dispute closed as credit_note_issued) and has not reached the ledger: the invoice's
 * reminders are paused meanwhile, so finance must issue it (or the dispute must be reopened).
 */
export function buildCreditNoteAwaitedAlert(invoice: InvoiceFacts, owner: OwnerRef | null): SlackMessage {
  const announced = invoice.closedDispute === null ? 'A credit note was announced' : closedDisputeText(invoice.closedDispute, escapeMrkdwn);
  const blocks: KnownBlock[] = [
    headerBlock(`:hourglass: Credit note still awaited: ${subjectOf(invoice)}`),
    sectionBlock(`${mention(owner)} and finance: ${announced}. *${escapeMrkdwn(invoice.customerName)}* is waiting for it and gets no reminder for invoice *${escapeMrkdwn(invoice.number)}* meanwhile.`),
    sectionBlock('*What to do:* issue the credit note in the ERP and import it (or post it to the API); if no credit is due after all, reopen the dispute and settle it another way.'),
    fieldsBlock(invoiceFields(invoice)),
    actionsBlock([button({ text: 'Add a note', actionId: actionIds.addNote, value: invoiceValue(invoice.invoiceId) })], 'arbot.invoice_actions'),
  ];
  return { text: fallback(`Credit note still awaited: ${escapeMrkdwn(subjectOf(invoice))}`), blocks };
}

/** An invoice lacks what the customer needs to pay it, flagged to the sales owner before the first reminder. */
export function buildIncompleteInvoiceAlert(invoice: InvoiceFacts, missing: readonly Missing[], owner: OwnerRef | null): SlackMessage {
  const list = missing.map((m) => `• ${missingLabels[m]}`).join('\n') || '• (nothing listed)';
  const value = invoiceValue(invoice.invoiceId);
  const blocks: KnownBlock[] = [
    headerBlock(`:memo: Incomplete invoice: ${subjectOf(invoice)}`),
    sectionBlock(`${mention(owner)}: invoice *${escapeMrkdwn(invoice.number)}* of *${escapeMrkdwn(invoice.customerName)}* is missing what the customer needs to pay it:\n${list}`),
    sectionBlock('*What to do:* get it from the customer or the delivery team, add it to the invoice in the ERP and import it again. Pause the reminders meanwhile if the first one is close.'),
    fieldsBlock(invoiceFields(invoice)),
    actionsBlock([
      button({ text: 'Pause reminders', actionId: actionIds.pauseReminders, value }),
      button({ text: 'Add a note', actionId: actionIds.addNote, value }),
    ], 'arbot.invoice_actions'),
  ];
  return {
    text: fallback(`Incomplete invoice: ${escapeMrkdwn(subjectOf(invoice))}, missing ${missing.map((m) => missingLabels[m]).join(', ')}`),
    blocks,
  };
}
